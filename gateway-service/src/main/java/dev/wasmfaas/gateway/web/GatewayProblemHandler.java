package dev.wasmfaas.gateway.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.wasmfaas.common.error.ProblemHandlerSupport;

/** Problem details for what the gateway answers itself (validation, unknown paths, wrong methods). */
@RestControllerAdvice
class GatewayProblemHandler extends ProblemHandlerSupport {
}
