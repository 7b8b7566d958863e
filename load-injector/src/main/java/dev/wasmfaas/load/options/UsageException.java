package dev.wasmfaas.load.options;

/** Bad command-line arguments; the message says which and why, for stderr. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
