package dev.wasmfaas.worker.wasm;

/** The WASI preview 1 {@code errno} values the worker's own host functions answer (witx numbering). */
final class Errno {

    static final int SUCCESS = 0;
    static final int BADF = 8;
    static final int FAULT = 21;
    static final int INVAL = 28;
    static final int NOTDIR = 54;
    static final int NOTSOCK = 57;
    static final int SPIPE = 70;

    private Errno() {
    }
}
