package dev.wasmfaas.server.compile;

import java.util.List;
import java.util.Optional;

/**
 * What a core WebAssembly module declares that matters to running it as a WASI command: its imports,
 * its exports, the type of each function and its memories. Read by {@link WasmModuleReader}.
 *
 * @param imports what it needs from the host, in order
 * @param exports what it offers
 * @param functionTypes the type of each function, imported ones first (the function index space)
 * @param memories the limits of each memory, imported ones first (the memory index space)
 */
public record WasmModule(List<Import> imports, List<Export> exports, List<FunctionType> functionTypes,
        List<Limits> memories) {

    /** The kinds of import and export, by their byte in the binary format. */
    public static final int FUNCTION = 0;
    public static final int TABLE = 1;
    public static final int MEMORY = 2;
    public static final int GLOBAL = 3;

    /** The type of the exported function {@code name}, if the module exports a function by that name. */
    public Optional<FunctionType> exportedFunction(String name) {
        return exports.stream().filter(e -> e.kind() == FUNCTION && e.name().equals(name)).findFirst()
                .filter(e -> e.index() < functionTypes.size()).map(e -> functionTypes.get((int) e.index()));
    }

    public boolean exportsMemory(String name) {
        return exports.stream().anyMatch(e -> e.kind() == MEMORY && e.name().equals(name));
    }

    /** The limits of memory 0, the one WASI reads and writes. */
    public Optional<Limits> memory() {
        return memories.stream().findFirst();
    }

    /** One import, such as {@code wasi_snapshot_preview1.fd_write}. */
    public record Import(String module, String name, int kind) {

        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    public record Export(String name, int kind, long index) {
    }

    /** A function's signature, counted: WASI's {@code _start} takes and returns nothing. */
    public record FunctionType(int params, int results) {
    }

    /**
     * The size limits of a memory, in 64 KiB pages.
     *
     * @param min its initial size
     * @param max its largest size, or {@code null} when it may grow to the 4 GiB of wasm32
     */
    public record Limits(long min, Long max) {
    }
}
