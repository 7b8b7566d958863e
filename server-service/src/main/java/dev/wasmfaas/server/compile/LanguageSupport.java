package dev.wasmfaas.server.compile;

/**
 * One row of {@code GET /languages}.
 *
 * @param lang the language id
 * @param available whether functions in it can be deployed here
 * @param toolchain what compiles or runs it ({@code clang 14.0.6 with wasi-libc})
 * @param version the toolchain's version, when available
 * @param install what to install when it is not available ({@code null} otherwise)
 */
public record LanguageSupport(String lang, boolean available, String toolchain, String version, String install) {
}
