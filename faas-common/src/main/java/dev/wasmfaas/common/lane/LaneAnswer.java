package dev.wasmfaas.common.lane;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemHandlerSupport;
import dev.wasmfaas.common.error.ProblemJson;
import dev.wasmfaas.common.error.RemoteProblemException;

/**
 * The whole answer of the lane's route.
 *
 * @param status the status code
 * @param contentType the body's type
 * @param headers further headers, name and value, in their order
 * @param body the body, sent with its length
 */
public record LaneAnswer(int status, String contentType, List<String[]> headers, byte[] body) {

    private static final Logger log = LoggerFactory.getLogger(LaneAnswer.class);
    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /**
     * A failure as the service's problem mapping ({@link ProblemHandlerSupport}) answers it behind the servlet
     * container, {@code instance} being the request's path.
     */
    public static LaneAnswer problem(Throwable failure, String instance) {
        if (failure instanceof FaasException ex) {
            if (ex.kind().status().is5xxServerError()) {
                log.warn("{}: {}", ex.kind().slug(), ex.getMessage());
            }
            List<String[]> headers = ex.kind() != ErrorKind.QUEUE_FULL ? List.of() : List.<String[]>of(new String[] {
                    HttpHeaders.RETRY_AFTER, String.valueOf(ex.properties().getOrDefault(ProblemHandlerSupport.RETRY_AFTER, 1))});
            return new LaneAnswer(ex.kind().status().value(), PROBLEM, headers, ProblemJson.of(ex, instance));
        }
        if (failure instanceof RemoteProblemException ex) {
            List<String[]> headers = ex.retryAfter() == null ? List.of()
                    : List.<String[]>of(new String[] {HttpHeaders.RETRY_AFTER, ex.retryAfter()});
            return new LaneAnswer(ex.status(), ex.contentType() == null ? PROBLEM : ex.contentType(), headers, ex.body());
        }
        log.error("unexpected error", failure);
        return refusal(ErrorKind.INTERNAL.status().value(), ErrorKind.INTERNAL, "an internal error occurred; see the service log",
                instance);
    }

    /** Writes this answer to a response of the servlet container, for the same route served there. */
    public void writeTo(HttpServletResponse response) throws IOException {
        headers.forEach(header -> response.addHeader(header[0], header[1]));
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A problem about the request rather than the call, {@code instance} being its path (or null). */
    public static LaneAnswer refusal(int status, ErrorKind kind, String detail, String instance) {
        return new LaneAnswer(status, PROBLEM, List.of(), ProblemJson.of(status, kind, detail, instance));
    }
}
