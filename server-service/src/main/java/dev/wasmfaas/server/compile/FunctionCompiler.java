package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.Set;

import dev.wasmfaas.common.contract.Language;

/** Turns a function's source into the artifact a worker runs. One implementation per toolchain. */
public interface FunctionCompiler {

    /** The languages this compiler handles. */
    Set<Language> languages();

    /**
     * Compiles {@code source} into {@code artifact}.
     *
     * @throws dev.wasmfaas.common.error.FaasException {@code compile-error} with the diagnostics,
     *         {@code compile-timeout}, or {@code toolchain-missing}
     */
    void compile(Language language, Path source, Path artifact, CompileOptions options);
}
