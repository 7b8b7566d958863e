package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.Set;

import dev.wasmfaas.common.contract.Language;

/** Turns a function's source into the artifact a worker runs. One implementation per toolchain. */
public interface FunctionCompiler {

    /** The languages this compiler handles. */
    Set<Language> languages();

    /**
     * Compiles {@code source} into an artifact beside it, in the same directory.
     *
     * @return the artifact's file name in that directory ({@code module.wasm}, or the source itself
     *         for languages that run from source)
     * @throws dev.wasmfaas.common.error.FaasException {@code compile-error} with the diagnostics,
     *         {@code compile-timeout}, or {@code toolchain-missing}
     */
    String compile(Language language, Path source, CompileOptions options);

    /** Whether the toolchain of this language is present, its version, and what to install if not. */
    LanguageSupport support(Language language);

    /**
     * Whether this compiler links the module's stack, and so takes {@link CompileOptions#stackKb()}. The other
     * languages have a stack that is not the platform's to size: the runtime's, Go's own, or an uploaded module's.
     */
    default boolean linksStack(Language language) {
        return false;
    }
}
