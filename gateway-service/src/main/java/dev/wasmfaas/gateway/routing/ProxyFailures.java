package dev.wasmfaas.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.ResourceAccessException;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.Problems;
import tools.jackson.databind.json.JsonMapper;

/** Turns a failure of the proxy flow (the server cannot be reached) into a problem answer. */
final class ProxyFailures {

    private static final Logger log = LoggerFactory.getLogger(ProxyFailures.class);

    private final JsonMapper json;

    ProxyFailures(JsonMapper json) {
        this.json = json;
    }

    ResponseEntity<byte[]> toResponse(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof ResourceAccessException)) {
            cause = cause.getCause();
        }
        if (cause instanceof ResourceAccessException || cause instanceof java.io.IOException) {
            log.warn("server unreachable: {}", cause.getMessage());
            return problem(ErrorKind.UPSTREAM_UNAVAILABLE, "the server cannot be reached; is the suite up?");
        }
        log.error("proxy failure", failure);
        return problem(ErrorKind.INTERNAL, "an internal error occurred; see the gateway log");
    }

    private ResponseEntity<byte[]> problem(ErrorKind kind, String detail) {
        return ResponseEntity.status(kind.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(json.writeValueAsBytes(Problems.of(kind, detail)));
    }
}
