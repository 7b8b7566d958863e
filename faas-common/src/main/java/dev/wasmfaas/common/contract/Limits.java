package dev.wasmfaas.common.contract;

/**
 * What one invocation may use.
 *
 * @param timeoutMs wall-clock time before the invocation is stopped
 * @param memoryMb linear memory (WASM) or address space (native runtimes) cap
 * @param maxOutputBytes cap on stdout plus stderr
 */
public record Limits(long timeoutMs, int memoryMb, int maxOutputBytes) {

    public static final Limits DEFAULTS = new Limits(10_000, 128, 1024 * 1024);
}
