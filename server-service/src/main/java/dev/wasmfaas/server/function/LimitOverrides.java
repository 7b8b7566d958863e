package dev.wasmfaas.server.function;

import dev.wasmfaas.common.contract.Limits;

/**
 * The limits a function asked for at deploy or update; a {@code null} member follows the
 * server's default, so a function that asked for nothing follows the defaults as they change.
 *
 * @param timeoutMs wall-clock time limit
 * @param memoryMb memory cap
 * @param maxOutputBytes cap on stdout plus stderr
 */
public record LimitOverrides(Long timeoutMs, Integer memoryMb, Integer maxOutputBytes) {

    public static final LimitOverrides NONE = new LimitOverrides(null, null, null);

    /** These overrides over the defaults. */
    public Limits over(Limits defaults) {
        return new Limits(timeoutMs != null ? timeoutMs : defaults.timeoutMs(),
                memoryMb != null ? memoryMb : defaults.memoryMb(),
                maxOutputBytes != null ? maxOutputBytes : defaults.maxOutputBytes());
    }
}
