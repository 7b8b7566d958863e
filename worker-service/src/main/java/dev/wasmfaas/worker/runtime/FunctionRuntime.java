package dev.wasmfaas.worker.runtime;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;

/** Runs one invocation of a function to its end; the rest of the worker knows no runtime but this. */
public interface FunctionRuntime {

    /**
     * Runs the function. Its own failures (a non-zero exit, a trap, a timeout, too much output) are
     * a result; a {@link dev.wasmfaas.common.error.FaasException} means the platform could not run it.
     */
    InvocationResult run(InvocationRequest request);
}
