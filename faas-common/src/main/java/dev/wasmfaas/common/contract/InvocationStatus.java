package dev.wasmfaas.common.contract;

/** How a function's run ended, as seen by the worker that ran it. */
public enum InvocationStatus {
    /** Exit code 0. */
    SUCCESS,
    /** The function exited with a non-zero code: a result, not a platform error. */
    FAILED,
    /** Stopped at its wall-clock limit. */
    TIMEOUT,
    /** A WebAssembly trap (unreachable, out-of-bounds access, stack overflow...). */
    TRAP,
    /** stdout plus stderr passed the output cap. */
    OUTPUT_LIMIT,
    /** The function ran out of its memory cap. */
    MEMORY_LIMIT
}
