package dev.wasmfaas.server.compile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.wasmfaas.common.contract.Language;

/**
 * The native runtime of a script language, and how it checks a source's syntax without running any
 * of it: {@code node --check}, Python's {@code compile()} (the parser and the compiler, no execution),
 * {@code php -l}.
 */
enum ScriptRuntime {

    NODE(Language.JS, "node", "JavaScript", "nodejs"),
    PYTHON(Language.PYTHON, "python3", "Python", "python3"),
    PHP(Language.PHP, "php", "PHP", "php-cli");

    // compile() raises what py_compile would, writes no .pyc, and runs nothing. The source is decoded first as
    // the interpreter decodes a file (UTF-8 unless a coding line says otherwise, strictly): compile() of raw
    // bytes lets invalid UTF-8 in a comment through, which python3 then refuses to run.
    private static final String PYTHON_CHECK = """
            import importlib.util, sys, traceback
            path = sys.argv[1]
            try:
                source = importlib.util.decode_source(open(path, "rb").read())
                compile(source, path, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as error:
                sys.stderr.write("".join(traceback.format_exception_only(type(error), error)))
                sys.exit(1)
            """;

    private final Language language;
    private final String command;
    private final String displayName;
    private final String debianPackage;

    ScriptRuntime(Language language, String command, String displayName, String debianPackage) {
        this.language = language;
        this.command = command;
        this.displayName = displayName;
        this.debianPackage = debianPackage;
    }

    static ScriptRuntime of(Language language) {
        for (ScriptRuntime runtime : values()) {
            if (runtime.language == language) {
                return runtime;
            }
        }
        throw new IllegalArgumentException("no script runtime for " + language);
    }

    /**
     * The {@code node}/{@code python3}/{@code php} in /usr/bin, else the first on the PATH, that answers
     * {@code --version}: the worker's sandbox prefers /usr/bin too (it cannot run a pyenv or nvm shim).
     */
    Optional<Path> find() {
        Path system = Path.of("/usr/bin", command);
        return Stream.concat(Stream.of(system).filter(Files::isExecutable), InstalledTools.candidates(command).stream())
                .distinct().filter(executable -> version(executable).isPresent()).findFirst();
    }

    Optional<String> version(Path executable) {
        return InstalledTools.firstLine(List.of(executable.toString(), "--version"));
    }

    List<String> checkCommand(Path executable, String file) {
        String exe = executable.toString();
        return switch (this) {
            case NODE -> List.of(exe, "--check", file);
            // -I: no PYTHON* variables, no user site, the script's directory not on sys.path
            case PYTHON -> List.of(exe, "-I", "-c", PYTHON_CHECK, file);
            // -n: no php.ini, so no auto_prepend_file or extension of the host's configuration
            case PHP -> List.of(exe, "-n", "-l", file);
        };
    }

    /** Takes out of the checker's environment what could make it load and run code. */
    void sanitize(Map<String, String> environment) {
        if (this == NODE) {
            environment.remove("NODE_OPTIONS");
        }
    }

    String command() {
        return command;
    }

    String displayName() {
        return displayName;
    }

    String installHint() {
        return "install " + command + " (Debian/Ubuntu: apt-get install " + debianPackage + ")";
    }
}
