package dev.wasmfaas.server.compile;

/**
 * Per-function settings that go into the artifact.
 *
 * @param memoryMb the linear memory cap written into the module
 */
public record CompileOptions(int memoryMb) {

    /** The size of a WebAssembly memory page. */
    public static final int WASM_PAGE = 64 * 1024;

    /** The cap in whole wasm pages. */
    public long maxMemoryPages() {
        return (long) memoryMb * 1024 * 1024 / WASM_PAGE;
    }

    /** The cap in bytes, whole wasm pages, as a linker's {@code --max-memory} wants it. */
    public long maxMemoryBytes() {
        return maxMemoryPages() * WASM_PAGE;
    }
}
