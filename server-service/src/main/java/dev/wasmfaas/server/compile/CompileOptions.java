package dev.wasmfaas.server.compile;

/**
 * Per-function settings that go into the artifact.
 *
 * @param memoryMb the linear memory cap written into the module
 * @param stackKb the stack to link into the module, for compilers that set one ({@code null} otherwise)
 */
public record CompileOptions(int memoryMb, Integer stackKb) {

    /** The size of a WebAssembly memory page. */
    public static final int WASM_PAGE = 64 * 1024;

    public CompileOptions(int memoryMb) {
        this(memoryMb, null);
    }

    /** The cap in whole wasm pages. */
    public long maxMemoryPages() {
        return (long) memoryMb * 1024 * 1024 / WASM_PAGE;
    }

    /** The cap in bytes, whole wasm pages, as a linker's {@code --max-memory} wants it. */
    public long maxMemoryBytes() {
        return maxMemoryPages() * WASM_PAGE;
    }

    /** The stack in bytes, as a linker's {@code -z stack-size} wants it (a multiple of 16). */
    public long stackBytes() {
        if (stackKb == null) {
            throw new IllegalStateException("no stack size was chosen");
        }
        return stackKb * 1024L;
    }
}
