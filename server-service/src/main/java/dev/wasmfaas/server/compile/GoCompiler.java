package dev.wasmfaas.server.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * One Go source file (package main) to a WASI command, with TinyGo or Go 1.21+. It is built in a
 * throw-away module of its own with no requirements, offline and with the toolchain found (never one
 * Go would download), so only the standard library can be imported.
 */
@Component
public class GoCompiler implements FunctionCompiler {

    static final String ARTIFACT = "module.wasm";
    static final String MODULE_SOURCE = "source.go";

    private final ToolchainRunner runner;
    private final Supplier<Optional<GoToolchain>> toolchains;

    @Autowired
    public GoCompiler(ToolchainRunner runner) {
        this(runner, GoToolchain::detect);
    }

    GoCompiler(ToolchainRunner runner, Supplier<Optional<GoToolchain>> toolchains) {
        this.runner = runner;
        this.toolchains = toolchains;
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.GO);
    }

    @Override
    public String compile(Language language, Path source, CompileOptions options) {
        GoToolchain toolchain = toolchains.get().orElseThrow(() -> new FaasException(ErrorKind.TOOLCHAIN_MISSING,
                "no Go compiler for wasm32-wasi: " + installHint(), Map.of("install", installHint())));
        Path artifact = source.resolveSibling(ARTIFACT).toAbsolutePath();
        Path module = null;
        try {
            module = Files.createTempDirectory(source.getParent(), "go-module-");
            Files.writeString(module.resolve("go.mod"), "module function\n\ngo " + toolchain.goDirective() + "\n");
            Files.copy(source, module.resolve(MODULE_SOURCE));
            Map<String, String> overrides = environment(toolchain);
            CommandResult result = runner.run(command(toolchain, artifact), module, env -> {
                env.remove("GOFLAGS");
                env.putAll(overrides);
            });
            if (!result.succeeded()) {
                throw new FaasException(ErrorKind.COMPILE_ERROR, "the Go source does not compile",
                        Map.of("diagnostics", result.output()));
            }
            return ARTIFACT;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare the Go module of " + source, ex);
        } finally {
            deleteTree(module);
        }
    }

    @Override
    public LanguageSupport support(Language language) {
        return toolchains.get()
                .map(t -> new LanguageSupport(language.id(), true, t.kind() == GoToolchain.Kind.TINYGO
                        ? "tinygo " + t.executable() : "go " + t.executable() + " (GOOS=wasip1)", t.version(), null))
                .orElseGet(() -> new LanguageSupport(language.id(), false, "tinygo, or go >= 1.21", null, installHint()));
    }

    static List<String> command(GoToolchain toolchain, Path artifact) {
        return switch (toolchain.kind()) {
            case TINYGO -> List.of(toolchain.executable().toString(), "build", "-target=wasi", "-o", artifact.toString(),
                    MODULE_SOURCE);
            case GO -> List.of(toolchain.executable().toString(), "build", "-trimpath", "-o", artifact.toString(),
                    MODULE_SOURCE);
        };
    }

    /** What the build's environment gets on top of the server's (whose GOFLAGS it drops). */
    static Map<String, String> environment(GoToolchain toolchain) {
        Map<String, String> env = new LinkedHashMap<>();
        if (toolchain.kind() == GoToolchain.Kind.GO) {
            env.put("GOOS", "wasip1");
            env.put("GOARCH", "wasm");
            env.put("CGO_ENABLED", "0");
        }
        // never download a toolchain or a module while deploying
        env.put("GOTOOLCHAIN", "local");
        env.put("GOPROXY", "off");
        return env;
    }

    private static String installHint() {
        return GoToolchain.tooOld().map(old -> "found " + old + ", too old; ").orElse("") + GoToolchain.INSTALL_HINT;
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ex) {
            // the staging directory it lives in is removed or published either way
        }
    }
}
