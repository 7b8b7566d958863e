package dev.wasmfaas.worker.web;

import dev.wasmfaas.common.error.ProblemHandlerSupport;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers every error of the worker as a problem detail with {@code "ok": false}, never a stack trace. */
@RestControllerAdvice
class WorkerProblemHandler extends ProblemHandlerSupport {
}
