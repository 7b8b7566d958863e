package dev.wasmfaas.balancer.web;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

import dev.wasmfaas.common.error.ProblemHandlerSupport;

/** Answers every error of the balancer as a problem detail, and relays workers' problems unchanged. */
@RestControllerAdvice
class BalancerProblemHandler extends ProblemHandlerSupport {

    // Spring passes no body for most of its own errors (404, 405, 415...): build it here so the support decorates it.
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        Object problem = body == null && ex instanceof ErrorResponse error
                ? error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale())
                : body;
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }
}
