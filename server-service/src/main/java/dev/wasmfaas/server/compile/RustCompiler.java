package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * One Rust source file to a WASI command with rustc (no Cargo, so no crates beyond std). The memory
 * cap, the stack size and the exported stack pointer are the linker's, as for C; rustc already puts
 * the stack first (with 1 MiB unless told otherwise).
 */
@Component
public class RustCompiler implements FunctionCompiler {

    static final String ARTIFACT = "module.wasm";

    private final ToolchainRunner runner;

    public RustCompiler(ToolchainRunner runner) {
        this.runner = runner;
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.RUST);
    }

    @Override
    public String compile(Language language, Path source, CompileOptions options) {
        RustToolchain toolchain = RustToolchain.detect().orElseThrow(() -> new FaasException(
                ErrorKind.TOOLCHAIN_MISSING, "no Rust compiler with a wasm32-wasi target: " + RustToolchain.INSTALL_HINT));
        Path artifact = source.resolveSibling(ARTIFACT);
        CommandResult result = runner.run(command(toolchain, source, artifact, options), source.getParent());
        if (!result.succeeded()) {
            throw new FaasException(ErrorKind.COMPILE_ERROR, StackLayout.explain(result.output(), options)
                    .orElse("the Rust source does not compile"), Map.of("diagnostics", result.output()));
        }
        return ARTIFACT;
    }

    @Override
    public boolean linksStack(Language language) {
        return true;
    }

    @Override
    public LanguageSupport support(Language language) {
        return RustToolchain.detect()
                .map(t -> new LanguageSupport(language.id(), true, t.origin() + " (" + t.target() + ")",
                        t.version().orElse(null), null))
                .orElseGet(() -> new LanguageSupport(language.id(), false, "rustc with a wasm32-wasi target", null,
                        RustToolchain.INSTALL_HINT));
    }

    static List<String> command(RustToolchain toolchain, Path source, Path artifact, CompileOptions options) {
        // edition 2021 as Cargo would give; without debug info the module is ~50x smaller
        List<String> command = new ArrayList<>(List.of(toolchain.rustc().toString(), "--target", toolchain.target(),
                "--edition", "2021", "-O", "-C", "strip=debuginfo", "-C", "link-arg=--max-memory=" + options.maxMemoryBytes()));
        if (options.stackKb() != null) {
            // after rustc's own -z stack-size=1048576, so this one counts
            command.addAll(List.of("-C", "link-arg=-zstack-size=" + options.stackBytes()));
        }
        command.addAll(List.of("--color", "never", "-o", artifact.toString(), source.getFileName().toString()));
        return command;
    }
}
