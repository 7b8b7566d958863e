package dev.wasmfaas.server.compile;

/**
 * Per-function settings that go into the artifact.
 *
 * @param memoryMb the linear memory cap written into the module
 */
public record CompileOptions(int memoryMb) {
}
