package dev.wasmfaas.common.error;

import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the platform's problem details: RFC 9457 members plus {@code "ok": false}. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(FaasException ex) {
        ProblemDetail problem = of(ex.kind(), ex.getMessage());
        ex.properties().forEach(problem::setProperty);
        return problem;
    }

    public static ProblemDetail of(ErrorKind kind, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(kind.status(), detail);
        problem.setType(kind.type());
        problem.setTitle(kind.title());
        problem.setProperty("ok", false);
        return problem;
    }

    /** Adds {@code ok:false} and a stable type to a problem that Spring MVC raised itself. */
    public static ProblemDetail decorate(ProblemDetail problem, HttpStatusCode status) {
        ErrorKind kind = kindFor(status.value());
        problem.setType(kind.type());
        problem.setProperty("ok", false);
        return problem;
    }

    static ErrorKind kindFor(int status) {
        return switch (status) {
            case 404 -> ErrorKind.NOT_FOUND;
            case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorKind.SHUTTING_DOWN;
            default -> status >= 500 ? ErrorKind.INTERNAL : ErrorKind.BAD_REQUEST;
        };
    }

    public static Map<String, Object> props(String key, Object value) {
        return Map.of(key, value);
    }
}
