package dev.wasmfaas.common.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The mapping of the exception hierarchy to problem details, shared by every service: each
 * service declares one {@code @RestControllerAdvice} that extends it. Stack traces never
 * reach a client; unexpected exceptions are logged here and answered with a generic 500.
 */
public abstract class ProblemHandlerSupport extends ResponseEntityExceptionHandler {

    /** The problem member that says how many seconds a client should wait before retrying. */
    public static final String RETRY_AFTER = "retryAfterSeconds";

    private static final Logger log = LoggerFactory.getLogger(ProblemHandlerSupport.class);

    @ExceptionHandler(FaasException.class)
    public ResponseEntity<ProblemDetail> handleFaas(FaasException ex) {
        if (ex.kind().status().is5xxServerError()) {
            log.warn("{}: {}", ex.kind().slug(), ex.getMessage());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(ex.kind().status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (ex.kind() == ErrorKind.QUEUE_FULL) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.properties().getOrDefault(RETRY_AFTER, 1)));
        }
        return answer.body(Problems.of(ex));
    }

    @ExceptionHandler(RemoteProblemException.class)
    public ResponseEntity<byte[]> handleRemote(RemoteProblemException ex) {
        MediaType type = ex.contentType() == null ? MediaType.APPLICATION_PROBLEM_JSON
                : MediaType.parseMediaType(ex.contentType());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(ex.status()).contentType(type);
        if (ex.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, ex.retryAfter());
        }
        return answer.body(ex.body());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        log.error("unexpected error", ex);
        return ResponseEntity.status(ErrorKind.INTERNAL.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ErrorKind.INTERNAL, "an internal error occurred; see the service log"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        Object problemBody = body == null && ex instanceof ErrorResponse error ? error.getBody() : body;
        Object decorated = problemBody instanceof ProblemDetail problem ? Problems.decorate(problem, statusCode)
                : problemBody;
        return super.handleExceptionInternal(ex, decorated, headers, statusCode, request);
    }
}
