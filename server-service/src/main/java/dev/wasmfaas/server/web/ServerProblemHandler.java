package dev.wasmfaas.server.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.wasmfaas.common.error.ProblemHandlerSupport;

/** Maps the exception hierarchy to problem details for every server endpoint. */
@RestControllerAdvice
class ServerProblemHandler extends ProblemHandlerSupport {
}
