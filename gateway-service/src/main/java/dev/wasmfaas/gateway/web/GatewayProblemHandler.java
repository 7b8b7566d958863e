package dev.wasmfaas.gateway.web;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.ProblemHandlerSupport;
import dev.wasmfaas.common.error.Problems;
import dev.wasmfaas.gateway.auth.ApiKeyRefusedException;

/** Problem details for what the gateway answers itself (keys, validation, unknown paths, wrong methods). */
@RestControllerAdvice
class GatewayProblemHandler extends ProblemHandlerSupport {

    // Only the gateway answers 403, so its problem type lives here rather than in ErrorKind.
    static final URI FORBIDDEN = URI.create("/problems/forbidden");

    @ExceptionHandler(ApiKeyRefusedException.class)
    public ResponseEntity<ProblemDetail> handleRefusedKey(ApiKeyRefusedException ex) {
        if (ex.forbidden()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
            problem.setType(FORBIDDEN);
            problem.setTitle("Forbidden");
            problem.setProperty("ok", false);
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return ResponseEntity.status(ErrorKind.UNAUTHORIZED.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyRefusedException.CHALLENGE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ErrorKind.UNAUTHORIZED, ex.getMessage()));
    }
}
