package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.config.ServerProperties;

/**
 * C to wasm32-wasi with clang. The linear memory cap is written into the module by the
 * linker ({@code --max-memory}), so a function's malloc fails cleanly at its cap.
 */
@Component
public class ClangCompiler implements FunctionCompiler {

    private static final int WASM_PAGE = 64 * 1024;

    private final ServerProperties.Compile settings;
    private final Semaphore parallelism;

    public ClangCompiler(ServerProperties properties) {
        this.settings = properties.compile();
        this.parallelism = new Semaphore(Math.max(1, settings.parallelism()));
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.C);
    }

    @Override
    public void compile(Language language, Path source, Path artifact, CompileOptions options) {
        ClangToolchain toolchain = ClangToolchain.detect(settings.wasiSdkPath())
                .orElseThrow(() -> new FaasException(ErrorKind.TOOLCHAIN_MISSING,
                        "no C toolchain for wasm32-wasi: " + ClangToolchain.INSTALL_HINT));
        List<String> command = command(toolchain, source, artifact, options);
        parallelism.acquireUninterruptibly();
        CommandResult result;
        try {
            result = CommandRunner.run(command, source.getParent(), settings.timeout());
        } finally {
            parallelism.release();
        }
        if (!result.succeeded()) {
            throw new FaasException(ErrorKind.COMPILE_ERROR, "the C source does not compile",
                    Map.of("diagnostics", result.output()));
        }
    }

    static List<String> command(ClangToolchain toolchain, Path source, Path artifact, CompileOptions options) {
        long maxMemory = (long) options.memoryMb() * 1024 * 1024 / WASM_PAGE * WASM_PAGE;
        List<String> command = new ArrayList<>();
        command.add(toolchain.clang().toString());
        command.add("--target=wasm32-wasi");
        command.addAll(toolchain.flags());
        command.addAll(List.of("-O2", "-Wl,--max-memory=" + maxMemory, "-o", artifact.toString(),
                source.getFileName().toString()));
        return command;
    }
}
