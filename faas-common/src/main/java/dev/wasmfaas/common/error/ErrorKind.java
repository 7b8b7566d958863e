package dev.wasmfaas.common.error;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every kind of error the platform reports, with its HTTP status and its stable problem type.
 * The type URIs are relative ({@code /problems/<slug>}) and never change once published.
 */
public enum ErrorKind {

    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "Bad request"),
    INVALID_NAME(HttpStatus.BAD_REQUEST, "invalid-name", "Invalid function name"),
    UNSUPPORTED_LANGUAGE(HttpStatus.BAD_REQUEST, "unsupported-language", "Unsupported language"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),
    FUNCTION_NOT_FOUND(HttpStatus.NOT_FOUND, "function-not-found", "Function not found"),
    ACTIVATION_NOT_FOUND(HttpStatus.NOT_FOUND, "activation-not-found", "Activation not found"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NAME_TAKEN(HttpStatus.CONFLICT, "name-taken", "Function name already taken"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    COMPILE_ERROR(HttpStatus.UNPROCESSABLE_CONTENT, "compile-error", "Compilation failed"),
    COMPILE_TIMEOUT(HttpStatus.UNPROCESSABLE_CONTENT, "compile-timeout", "Compilation timed out"),
    QUEUE_FULL(HttpStatus.TOO_MANY_REQUESTS, "queue-full", "Too many invocations waiting"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error"),
    TOOLCHAIN_MISSING(HttpStatus.NOT_IMPLEMENTED, "toolchain-missing", "Toolchain not installed"),
    WORKER_LOST(HttpStatus.BAD_GATEWAY, "worker-lost", "Worker lost"),
    TRAP(HttpStatus.BAD_GATEWAY, "trap", "The function trapped"),
    OUTPUT_LIMIT(HttpStatus.BAD_GATEWAY, "output-limit", "The function passed its output limit"),
    MEMORY_LIMIT(HttpStatus.BAD_GATEWAY, "memory-limit", "The function ran out of memory"),
    UPSTREAM_UNAVAILABLE(HttpStatus.BAD_GATEWAY, "upstream-unavailable", "Service unavailable"),
    NO_WORKER(HttpStatus.SERVICE_UNAVAILABLE, "no-worker", "No worker available"),
    SHUTTING_DOWN(HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "Shutting down"),
    TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "timeout", "Invocation timed out"),
    INSUFFICIENT_STORAGE(HttpStatus.INSUFFICIENT_STORAGE, "insufficient-storage", "Insufficient storage");

    private final HttpStatus status;
    private final String slug;
    private final String title;

    ErrorKind(HttpStatus status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return URI.create("/problems/" + slug);
    }
}
