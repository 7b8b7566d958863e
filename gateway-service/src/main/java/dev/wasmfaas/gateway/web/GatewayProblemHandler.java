package dev.wasmfaas.gateway.web;

import org.springframework.http.HttpHeaders;
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

    @ExceptionHandler(ApiKeyRefusedException.class)
    public ResponseEntity<ProblemDetail> handleRefusedKey(ApiKeyRefusedException ex) {
        if (ex.forbidden()) {
            return ResponseEntity.status(ErrorKind.FORBIDDEN.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(ErrorKind.FORBIDDEN, ex.getMessage()));
        }
        return ResponseEntity.status(ErrorKind.UNAUTHORIZED.status())
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyRefusedException.CHALLENGE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ErrorKind.UNAUTHORIZED, ex.getMessage()));
    }
}
