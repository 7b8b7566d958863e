package dev.wasmfaas.balancer.web;

import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.wasmfaas.common.error.ProblemHandlerSupport;

/** Answers every error of the balancer as a problem detail, and relays workers' problems unchanged. */
@RestControllerAdvice
class BalancerProblemHandler extends ProblemHandlerSupport {
}
