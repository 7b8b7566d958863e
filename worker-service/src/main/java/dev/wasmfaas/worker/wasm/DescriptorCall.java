package dev.wasmfaas.worker.wasm;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Val;

import static io.github.kawamuray.wasmtime.Val.Type.I32;
import static io.github.kawamuray.wasmtime.Val.Type.I64;

/**
 * The WASI preview 1 functions that take a descriptor, and {@code poll_oneoff}: all served by
 * {@link StdioDescriptors}. Each has its import name, its core type from the witx (every one answers
 * an {@code errno} as i32) and whether it reads or writes the guest's memory when it answers.
 */
enum DescriptorCall {

    FD_ADVISE(false, I32, I64, I64, I32),
    FD_ALLOCATE(false, I32, I64, I64),
    FD_CLOSE(false, I32),
    FD_DATASYNC(false, I32),
    FD_FDSTAT_GET(true, I32, I32),
    FD_FDSTAT_SET_FLAGS(false, I32, I32),
    FD_FDSTAT_SET_RIGHTS(false, I32, I64, I64),
    FD_FILESTAT_GET(true, I32, I32),
    FD_FILESTAT_SET_SIZE(false, I32, I64),
    FD_FILESTAT_SET_TIMES(false, I32, I64, I64, I32),
    FD_PREAD(false, I32, I32, I32, I64, I32),
    FD_PRESTAT_DIR_NAME(false, I32, I32, I32),
    FD_PRESTAT_GET(false, I32, I32),
    FD_PWRITE(false, I32, I32, I32, I64, I32),
    FD_READ(true, I32, I32, I32, I32),
    FD_READDIR(false, I32, I32, I32, I64, I32),
    FD_RENUMBER(false, I32, I32),
    FD_SEEK(false, I32, I64, I32, I32),
    FD_SYNC(false, I32),
    FD_TELL(false, I32, I32),
    FD_WRITE(true, I32, I32, I32, I32),
    POLL_ONEOFF(true, I32, I32, I32, I32),
    SOCK_ACCEPT(false, I32, I32, I32),
    SOCK_RECV(false, I32, I32, I32, I32, I32, I32),
    SOCK_SEND(false, I32, I32, I32, I32, I32),
    SOCK_SHUTDOWN(false, I32, I32);

    private static final Map<String, DescriptorCall> BY_IMPORT_NAME = new HashMap<>();

    static {
        for (DescriptorCall call : values()) {
            BY_IMPORT_NAME.put(call.importName, call);
        }
    }

    private final String importName = name().toLowerCase(Locale.ROOT);
    private final boolean usesMemory;
    private final FuncType type;

    DescriptorCall(boolean usesMemory, Val.Type... params) {
        this.usesMemory = usesMemory;
        this.type = new FuncType(params, new Val.Type[] {I32});
    }

    /** The call a {@code wasi_snapshot_preview1} import of this name is, or null when it is none of them. */
    static DescriptorCall named(String importName) {
        return BY_IMPORT_NAME.get(importName);
    }

    String importName() {
        return importName;
    }

    FuncType type() {
        return type;
    }

    /**
     * Whether answering needs the guest's memory. The others answer from the descriptor table alone (on
     * stdio they only fail), so their host function need not look the memory up.
     */
    boolean usesMemory() {
        return usesMemory;
    }
}
