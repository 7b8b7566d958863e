package dev.wasmfaas.worker.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.worker.WorkerProperties;

/** The native runtime of one script language: how it is started and how its memory is capped. */
enum Interpreter {

    /** V8 reserves far more address space than it uses, so its heap is capped instead of RLIMIT_AS. */
    NODE(Language.JS, "node", "nodejs", 0),
    /** The interpreter maps about 14 MiB of its own before the script allocates anything. */
    PYTHON(Language.PYTHON, "python", "python3", 32),
    /** PHP maps about 56 MiB of libraries (ICU data alone is 30); memory_limit caps the script's own heap. */
    PHP(Language.PHP, "php", "php-cli", 64);

    private static final long MIB = 1024 * 1024;

    private final Language language;
    private final String property;
    private final String debianPackage;
    private final long addressSpaceOverheadMb;

    Interpreter(Language language, String property, String debianPackage, long addressSpaceOverheadMb) {
        this.language = language;
        this.property = property;
        this.debianPackage = debianPackage;
        this.addressSpaceOverheadMb = addressSpaceOverheadMb;
    }

    static Optional<Interpreter> of(Language language) {
        for (Interpreter interpreter : values()) {
            if (interpreter.language == language) {
                return Optional.of(interpreter);
            }
        }
        return Optional.empty();
    }

    Language language() {
        return language;
    }

    /** Its setting: {@code faas.worker.sandbox.node}... */
    String property() {
        return "faas.worker.sandbox." + property;
    }

    /** The name or path configured for it. */
    String configured(WorkerProperties.Sandbox sandbox) {
        return switch (this) {
            case NODE -> sandbox.node();
            case PYTHON -> sandbox.python();
            case PHP -> sandbox.php();
        };
    }

    String debianPackage() {
        return debianPackage;
    }

    /** The interpreter's command line up to and including the script; the function's arguments follow. */
    List<String> command(String executable, String script, Limits limits) {
        List<String> command = new ArrayList<>(List.of(executable));
        switch (this) {
            case NODE -> command.add("--max-old-space-size=" + limits.memoryMb());
            case PYTHON -> { }
            // -n: no php.ini (the sandbox shows no /etc); errors are the function's log, not its output
            case PHP -> command.addAll(List.of("-n", "-d", "memory_limit=" + limits.memoryMb() + "M",
                    "-d", "display_errors=stderr"));
        }
        command.add(script);
        return command;
    }

    /** RLIMIT_AS in bytes, empty for node. */
    OptionalLong addressSpaceBytes(Limits limits) {
        return this == NODE ? OptionalLong.empty()
                : OptionalLong.of((limits.memoryMb() + addressSpaceOverheadMb) * MIB);
    }

    /**
     * The memory limit of its sandbox's cgroup: the function's memory plus what the interpreter holds before the
     * function allocates anything (node about 45 MiB resident, python 10, php 20, with a margin).
     */
    long cgroupMemoryBytes(Limits limits) {
        long ownMb = switch (this) {
            case NODE -> 64;
            case PYTHON -> 32;
            case PHP -> 64;
        };
        return (limits.memoryMb() + ownMb) * MIB;
    }

    /** Whether what the interpreter wrote to stderr says that it ran out of memory. */
    boolean outOfMemory(String stderr) {
        return switch (this) {
            case NODE -> stderr.contains("JavaScript heap out of memory");
            case PYTHON -> stderr.lines().anyMatch(line -> line.startsWith("MemoryError"));
            case PHP -> stderr.contains("Allowed memory size of") || stderr.contains("Out of memory (allocated");
        };
    }
}
