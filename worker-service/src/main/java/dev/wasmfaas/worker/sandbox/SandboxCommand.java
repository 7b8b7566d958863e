package dev.wasmfaas.worker.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.WorkerProperties;

/**
 * The command line of one sandboxed run, as an argument list (no shell ever parses it):
 * <ol>
 * <li>{@code /bin/sh} opens the artifact as fd 3 with the worker's rights and execs the rest: bwrap copies
 * the script from that fd, so the sandbox never sees a path into {@code functions/};</li>
 * <li>when the worker is root, {@code setpriv} drops to nobody first: RLIMIT_NPROC does not apply to root,
 * and an unprivileged bwrap counts processes per sandbox (its own user namespace);</li>
 * <li>{@code bwrap} builds the sandbox: new namespaces (no network), /usr read-only, an empty private /tmp
 * of a fixed size, the script alone read-only in {@code /function}, the rest of / read-only;</li>
 * <li>{@code prlimit}, inside the sandbox, sets the limits and execs the interpreter.</li>
 * </ol>
 * With a {@link Placement}, the shell first moves itself into the sandbox slot's cgroup (its memory and process
 * limits then replace RLIMIT_AS and RLIMIT_NPROC), and opens the system-call filter as fd 4 for bwrap's
 * {@code --seccomp}.
 */
final class SandboxCommand {

    static final String FUNCTION_DIR = "/function";
    static final String NOBODY = "65534";
    /** Passed on to a function when its own environment does not set them. */
    static final Map<String, String> BASE_ENVIRONMENT = Map.of("PATH", "/usr/bin:/bin", "HOME", "/tmp",
            "LANG", "C.UTF-8");
    private static final String SCRIPT_FD = "3";
    private static final String OPEN_SCRIPT_THEN_EXEC = "exec \"$@\" " + SCRIPT_FD + "<\"$0\"";
    private static final String FILTER_FD = "4";
    private static final String TAKE_FILTER = "f=$1; shift; ";
    private static final String ENTER_CGROUP = "while [ \"$1\" != -- ]; do echo $$ >\"$1\" || exit 125; shift; done;"
            + " shift; ";

    /**
     * Where a sandbox runs besides its namespaces.
     *
     * @param cgroupProcs the {@code cgroup.procs} files of its slot's group (one per v1 hierarchy); empty for none
     * @param seccomp the system-call filter's BPF file; null for none
     */
    record Placement(List<Path> cgroupProcs, Path seccomp) {

        static final Placement NONE = new Placement(List.of(), null);

        Placement {
            cgroupProcs = List.copyOf(cgroupProcs);
        }

        boolean any() {
            return !cgroupProcs.isEmpty() || seccomp != null;
        }
    }
    private static final int OPEN_FILES = 256;
    private static final long MIB = 1024 * 1024;

    private final Path bwrap;
    private final Path setpriv;
    private final Path prlimit;
    private final WorkerProperties.Sandbox sandbox;

    /**
     * @param setpriv {@code null} when the worker is not root: bwrap then runs as the worker's own user
     */
    SandboxCommand(Path bwrap, Path setpriv, Path prlimit, WorkerProperties.Sandbox sandbox) {
        this.bwrap = bwrap;
        this.setpriv = setpriv;
        this.prlimit = prlimit;
        this.sandbox = sandbox;
    }

    /**
     * @param script the file name the script gets in {@link #FUNCTION_DIR}, also its {@code argv[0]}
     */
    List<String> build(Interpreter interpreter, Path executable, Path artifact, String script,
            InvocationRequest request) {
        return build(interpreter, executable, artifact, script, request, Placement.NONE);
    }

    List<String> build(Interpreter interpreter, Path executable, Path artifact, String script,
            InvocationRequest request, Placement placement) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c"));
        if (placement.any()) {
            command.add((placement.seccomp() != null ? TAKE_FILTER : "") + ENTER_CGROUP + OPEN_SCRIPT_THEN_EXEC
                    + (placement.seccomp() != null ? " " + FILTER_FD + "<\"$f\"" : ""));
            command.add(artifact.toString());
            if (placement.seccomp() != null) {
                command.add(placement.seccomp().toString());
            }
            placement.cgroupProcs().forEach(file -> command.add(file.toString()));
            command.add("--");
        } else {
            command.add(OPEN_SCRIPT_THEN_EXEC);
            command.add(artifact.toString());
        }
        if (setpriv != null) {
            command.addAll(List.of(setpriv.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"));
        }
        command.addAll(sandbox(script, placement.seccomp() != null));
        command.addAll(environment(request.env()));
        command.add("--");
        command.addAll(limits(interpreter, request.limits(), placement.cgroupProcs().isEmpty()));
        // A name such as "-c" must reach the interpreter as a file, not as an option.
        command.addAll(interpreter.command(executable.toString(), script.startsWith("-") ? "./" + script : script,
                request.limits()));
        for (String arg : request.args()) {
            command.add(requireNoNul(arg, "arguments"));
        }
        return command;
    }

    private List<String> sandbox(String script, boolean seccomp) {
        // Without a proc mount of its own there is no /proc/sys of the sandbox's, which --disable-userns writes.
        List<String> options = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--unshare-user"));
        if (sandbox.mountProc()) {
            options.add("--disable-userns");
        }
        options.addAll(List.of("--cap-drop", "ALL",
                "--die-with-parent", "--new-session", "--hostname", "faas",
                "--ro-bind", "/usr", "/usr",
                "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64"));
        if (sandbox.mountProc()) {
            options.addAll(List.of("--proc", "/proc"));
        }
        options.addAll(List.of(
                "--dev", "/dev", "--remount-ro", "/dev",
                "--size", Long.toString(sandbox.fileSizeMb() * MIB), "--tmpfs", "/tmp",
                "--dir", FUNCTION_DIR, "--ro-bind-data", SCRIPT_FD, FUNCTION_DIR + "/" + script,
                "--remount-ro", "/"));
        if (seccomp) {
            options.addAll(List.of("--seccomp", FILTER_FD));
        }
        options.addAll(List.of(
                "--chdir", FUNCTION_DIR,
                "--clearenv"));
        return options;
    }

    private static List<String> environment(Map<String, String> env) {
        Map<String, String> all = new TreeMap<>(BASE_ENVIRONMENT);
        env.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "environment variable names are non-empty, without '='");
            }
            all.put(requireNoNul(name, "environment variables"), requireNoNul(value, "environment variables"));
        });
        List<String> options = new ArrayList<>();
        all.forEach((name, value) -> options.addAll(List.of("--setenv", name, value)));
        return options;
    }

    // In a cgroup, its memory and process limits replace RLIMIT_AS and RLIMIT_NPROC, which would stop the
    // function first and hide the cgroup's accounting.
    private List<String> limits(Interpreter interpreter, Limits limits, boolean rlimitsOnly) {
        // The wall clock is the real limit; CPU time backs it up, with SIGXCPU one second before SIGKILL.
        long cpuSeconds = Math.ceilDiv(limits.timeoutMs(), 1000);
        List<String> options = new ArrayList<>(List.of(prlimit.toString()));
        if (rlimitsOnly) {
            options.add("--nproc=" + sandbox.processes());
        }
        options.addAll(List.of(
                "--fsize=" + sandbox.fileSizeMb() * MIB,
                "--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1),
                "--nofile=" + OPEN_FILES,
                "--core=0"));
        OptionalLong addressSpace = interpreter.addressSpaceBytes(limits);
        if (rlimitsOnly) {
            addressSpace.ifPresent(bytes -> options.add("--as=" + bytes));
        }
        options.add("--");
        return options;
    }

    // Arguments and environment travel as C strings.
    private static String requireNoNul(String text, String what) {
        if (text.indexOf('\0') >= 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, what + " cannot contain NUL characters");
        }
        return text;
    }
}
