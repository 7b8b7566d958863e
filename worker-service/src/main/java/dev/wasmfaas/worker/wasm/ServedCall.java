package dev.wasmfaas.worker.wasm;

import java.util.Optional;

import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Val;

/**
 * The WASI preview 1 functions the worker serves itself instead of Wasmtime's WASI context, with
 * their WebAssembly types. Every other WASI import comes from Wasmtime.
 */
enum ServedCall {

    FD_READ("fd_read", Val.Type.I32, Val.Type.I32, Val.Type.I32, Val.Type.I32),
    FD_WRITE("fd_write", Val.Type.I32, Val.Type.I32, Val.Type.I32, Val.Type.I32),
    POLL_ONEOFF("poll_oneoff", Val.Type.I32, Val.Type.I32, Val.Type.I32, Val.Type.I32);

    static final String WASI = "wasi_snapshot_preview1";
    private static final Val.Type[] ERRNO = {Val.Type.I32};

    private final String importName;
    private final Val.Type[] params;

    ServedCall(String importName, Val.Type... params) {
        this.importName = importName;
        this.params = params;
    }

    /** The call served here for this import, if any. */
    static Optional<ServedCall> of(String module, String name) {
        if (!WASI.equals(module)) {
            return Optional.empty();
        }
        for (ServedCall call : values()) {
            if (call.importName.equals(name)) {
                return Optional.of(call);
            }
        }
        return Optional.empty();
    }

    FuncType type() {
        return new FuncType(params.clone(), ERRNO.clone());
    }
}
