package dev.wasmfaas.server.web;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.wasmfaas.common.contract.ActivationId;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemHandlerSupport;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.server.invocation.ActivationProblemException;

/** Maps the exception hierarchy to problem details for every server endpoint. */
@RestControllerAdvice
class ServerProblemHandler extends ProblemHandlerSupport {

    /** The problem of an invocation, answered as any other, with the invocation's {@code X-Activation-Id}. */
    @ExceptionHandler(ActivationProblemException.class)
    public ResponseEntity<?> handleActivationProblem(ActivationProblemException ex) {
        ResponseEntity<?> answer = switch (ex.problem()) {
            case FaasException faas -> handleFaas(faas);
            case RemoteProblemException remote -> handleRemote(remote);
            default -> handleUnexpected(ex.problem());
        };
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(ActivationId.HEADER, ex.activationId()).body(answer.getBody());
    }
}
