package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.config.ServerProperties;

/**
 * C and C++ to wasm32-wasi with clang. The linear memory cap is written into the module by the
 * linker ({@code --max-memory}), so a function's malloc fails cleanly at its cap. The stack is linked
 * first in that memory with the function's size, and its pointer exported so that a worker can tell a
 * stack overflow from another out-of-bounds access after a trap.
 */
@Component
public class ClangCompiler implements FunctionCompiler {

    static final String ARTIFACT = "module.wasm";

    private final Path wasiSdkPath;
    private final ToolchainRunner runner;

    public ClangCompiler(ServerProperties properties) {
        this(properties, new ToolchainRunner(properties));
    }

    @Autowired
    public ClangCompiler(ServerProperties properties, ToolchainRunner runner) {
        this.wasiSdkPath = properties.compile().wasiSdkPath();
        this.runner = runner;
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.C, Language.CPP);
    }

    @Override
    public String compile(Language language, Path source, CompileOptions options) {
        Path artifact = source.resolveSibling(ARTIFACT);
        ClangToolchain toolchain = ClangToolchain.detect(wasiSdkPath, language)
                .orElseThrow(() -> new FaasException(ErrorKind.TOOLCHAIN_MISSING, "no " + name(language)
                        + " toolchain for wasm32-wasi: " + ClangToolchain.installHint(language)));
        CommandResult result = runner.run(command(toolchain, language, source, artifact, options), source.getParent());
        if (!result.succeeded()) {
            throw new FaasException(ErrorKind.COMPILE_ERROR, StackLayout.explain(result.output(), options)
                    .orElse("the " + name(language) + " source does not compile"), Map.of("diagnostics", result.output()));
        }
        return ARTIFACT;
    }

    @Override
    public boolean linksStack(Language language) {
        return true;
    }

    @Override
    public LanguageSupport support(Language language) {
        return ClangToolchain.detect(wasiSdkPath, language)
                .map(t -> new LanguageSupport(language.id(), true, t.origin(), t.version().orElse(null), null))
                .orElseGet(() -> new LanguageSupport(language.id(), false,
                        (language == Language.CPP ? "clang++" : "clang") + " for wasm32-wasi", null,
                        ClangToolchain.installHint(language)));
    }

    static List<String> command(ClangToolchain toolchain, Language language, Path source, Path artifact,
            CompileOptions options) {
        List<String> command = new ArrayList<>();
        command.add(toolchain.clang().toString());
        command.add("--target=wasm32-wasi");
        command.addAll(toolchain.flags());
        if (language == Language.CPP) {
            // WASI's libc++ is built without exceptions: say so at compile time, not as a link error
            command.addAll(List.of("-std=gnu++17", "-fno-exceptions"));
        }
        // The stack below the data: an overflow traps at once instead of overwriting the static data first.
        command.addAll(List.of("-O2", "-Wl,--stack-first", "-Wl,--max-memory=" + options.maxMemoryBytes()));
        if (options.stackKb() != null) {
            command.add("-Wl,-z,stack-size=" + options.stackBytes());
        }
        command.addAll(List.of("-o", artifact.toString(), source.getFileName().toString()));
        return command;
    }

    private static String name(Language language) {
        return language == Language.CPP ? "C++" : "C";
    }
}
