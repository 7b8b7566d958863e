package dev.wasmfaas.server.compile;

/** A WebAssembly binary that is malformed, with the offset where reading it failed. */
class InvalidModuleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    InvalidModuleException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    int offset() {
        return offset;
    }
}
