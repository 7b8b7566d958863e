package dev.wasmfaas.server.function;

import dev.wasmfaas.common.contract.Limits;

/**
 * The limits a function asked for at deploy or update; a {@code null} member follows the
 * server's default, so a function that asked for nothing follows the defaults as they change.
 * The stack is the exception: it is linked into the module, so a stored version records the stack
 * it was built with.
 *
 * @param timeoutMs wall-clock time limit
 * @param memoryMb memory cap
 * @param maxOutputBytes cap on stdout plus stderr
 * @param stackKb the stack asked for; in a stored version, the stack linked into its module ({@code null} for
 *        languages whose stack is not the platform's to set, and for versions built before it was)
 */
public record LimitOverrides(Long timeoutMs, Integer memoryMb, Integer maxOutputBytes, Integer stackKb) {

    public static final LimitOverrides NONE = new LimitOverrides(null, null, null, null);

    public LimitOverrides(Long timeoutMs, Integer memoryMb, Integer maxOutputBytes) {
        this(timeoutMs, memoryMb, maxOutputBytes, null);
    }

    /** These overrides over the defaults. */
    public Limits over(Limits defaults) {
        return new Limits(timeoutMs != null ? timeoutMs : defaults.timeoutMs(),
                memoryMb != null ? memoryMb : defaults.memoryMb(),
                maxOutputBytes != null ? maxOutputBytes : defaults.maxOutputBytes());
    }

    /** The same limits with this stack. */
    public LimitOverrides withStackKb(Integer stack) {
        return new LimitOverrides(timeoutMs, memoryMb, maxOutputBytes, stack);
    }
}
