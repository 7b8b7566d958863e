package dev.wasmfaas.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.MessagingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemHandlerSupport;
import dev.wasmfaas.common.error.Problems;

/** Problem details for the gateway, including a server that cannot be reached. */
@RestControllerAdvice
class GatewayProblemHandler extends ProblemHandlerSupport {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblemHandler.class);

    @ExceptionHandler(MessagingException.class)
    ResponseEntity<ProblemDetail> handleFlowFailure(MessagingException ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause instanceof MessagingException) {
            cause = cause.getCause();
        }
        if (cause instanceof FaasException faas) {
            return handleFaas(faas);
        }
        if (cause instanceof ResourceAccessException) {
            log.warn("server unreachable: {}", cause.getMessage());
            return problem(ErrorKind.UPSTREAM_UNAVAILABLE, "the server cannot be reached; is the suite up?");
        }
        log.error("proxy failure", ex);
        return problem(ErrorKind.INTERNAL, "an internal error occurred; see the gateway log");
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorKind kind, String detail) {
        return ResponseEntity.status(kind.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(kind, detail));
    }
}
