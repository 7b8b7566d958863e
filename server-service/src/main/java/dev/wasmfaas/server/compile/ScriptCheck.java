package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * JavaScript, Python and PHP run from their source on a native runtime, so the artifact is the source
 * itself; a syntax error is still refused at deploy, found by the runtime's own checker, which never
 * runs the code.
 */
@Component
public class ScriptCheck implements FunctionCompiler {

    private final ToolchainRunner runner;

    public ScriptCheck(ToolchainRunner runner) {
        this.runner = runner;
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.JS, Language.PYTHON, Language.PHP);
    }

    @Override
    public String compile(Language language, Path source, CompileOptions options) {
        ScriptRuntime runtime = ScriptRuntime.of(language);
        Path executable = runtime.find().orElseThrow(() -> new FaasException(ErrorKind.TOOLCHAIN_MISSING,
                "no " + runtime.command() + " to check and run " + runtime.displayName() + " functions: "
                        + runtime.installHint(), Map.of("install", runtime.installHint())));
        String file = source.getFileName().toString();
        CommandResult result = runner.run(runtime.checkCommand(executable, file), source.getParent(), runtime::sanitize);
        if (!result.succeeded()) {
            throw new FaasException(ErrorKind.COMPILE_ERROR, "the " + runtime.displayName() + " source has a syntax error",
                    Map.of("diagnostics", diagnostics(result.output(), source.getParent())));
        }
        return file;
    }

    @Override
    public LanguageSupport support(Language language) {
        ScriptRuntime runtime = ScriptRuntime.of(language);
        return runtime.find()
                .map(executable -> new LanguageSupport(language.id(), true, executable.toString(),
                        runtime.version(executable).orElse(null), null))
                .orElseGet(() -> new LanguageSupport(language.id(), false, runtime.command(), null, runtime.installHint()));
    }

    /** The checker's message without the server's directories or the checker's own stack. */
    static String diagnostics(String output, Path dir) {
        return output.replace(dir.toAbsolutePath() + "/", "").lines()
                .filter(line -> !line.startsWith("    at ") && !line.startsWith("Node.js v"))
                .dropWhile(String::isBlank).collect(Collectors.joining("\n")).stripTrailing();
    }
}
