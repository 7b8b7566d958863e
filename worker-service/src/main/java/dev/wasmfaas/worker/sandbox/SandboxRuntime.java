package dev.wasmfaas.worker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.wasmfaas.common.cgroup.Cgroup;
import dev.wasmfaas.common.cgroup.CgroupLimits;
import dev.wasmfaas.common.cgroup.CgroupParent;
import dev.wasmfaas.common.contract.FunctionName;
import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.runtime.ArtifactFile;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs js, python and php functions on node, python3 and php inside a bubblewrap sandbox (see
 * {@link SandboxCommand}), one process tree per invocation. Without bubblewrap it refuses to run them.
 * Where the server gave the worker cgroups, each sandbox runs in a slot's group ({@link ScriptCgroups}); where
 * libseccomp is installed, under the system-call filter ({@link SeccompFilter}).
 */
public final class SandboxRuntime implements FunctionRuntime {

    private static final Logger log = LoggerFactory.getLogger(SandboxRuntime.class);
    private static final int SIGXCPU_STATUS = 128 + 24;
    private static final String UTILITY = "looked for in /usr/bin, then on the PATH";
    private static final List<String> LAUNCHERS = List.of("bwrap: ", "setpriv: ", "prlimit: ", "/bin/sh: ");

    private final WorkerProperties.Sandbox properties;
    private final boolean root;
    private final ScriptCgroups cgroups;
    private final SeccompFilter filter;

    /** Without cgroups nor system-call filter: rlimits alone. */
    public SandboxRuntime(WorkerProperties.Sandbox properties) {
        this(properties, runsAsRoot(), null, SeccompFilter.none());
    }

    /**
     * @param cgroups the groups of the sandbox slots; null for none
     */
    SandboxRuntime(WorkerProperties.Sandbox properties, boolean root, ScriptCgroups cgroups, SeccompFilter filter) {
        this.properties = properties;
        this.root = root;
        this.cgroups = cgroups;
        this.filter = filter;
    }

    /** With the cgroups and the filter that {@code isolation} allows. */
    public static SandboxRuntime isolated(WorkerProperties.Sandbox properties, IsolationProperties isolation,
            String workerId, MeterRegistry meters) {
        ScriptCgroups cgroups = null;
        if (isolation.cgroups()) {
            cgroups = new ScriptCgroups(new CgroupParent(isolation.cgroupVersion(), isolation.cgroupDirs()), workerId,
                    new CgroupLimits(0, isolation.scriptCpus(), 0, isolation.scriptPids()), meters);
        }
        return new SandboxRuntime(properties, runsAsRoot(), cgroups,
                isolation.seccomp() ? SeccompFilter.build() : SeccompFilter.none());
    }

    /** The groups of the sandbox slots made so far; empty without cgroups. */
    public List<Cgroup> cgroups() {
        return cgroups == null ? List.of() : cgroups.groups();
    }

    @Override
    public InvocationResult run(InvocationRequest request) {
        Interpreter interpreter = Language.fromId(request.lang()).flatMap(Interpreter::of).orElseThrow(() ->
                new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE, "the sandbox runs js, python and php functions, not '"
                        + request.lang() + "'"));
        Limits limits = checked(request.limits());
        Path artifact = ArtifactFile.path(request.artifact());
        ArtifactFile.read(request.artifact(), request.digest());
        SandboxCommand sandbox = command();
        Path executable = interpreterOf(interpreter);
        ScriptCgroups.Slot slot = cgroups == null ? null : cgroups.acquire(interpreter.cgroupMemoryBytes(limits));
        try {
            SandboxCommand.Placement placement = new SandboxCommand.Placement(
                    slot == null ? List.of() : slot.group().procsFiles(), filter.file().orElse(null));
            List<String> command = sandbox.build(interpreter, executable, artifact, scriptName(request), request,
                    placement);
            ProcessRun.Outcome outcome = start(command, request.input(), limits);
            return result(request, interpreter, outcome, slot != null && slot.oomKilled());
        } finally {
            if (slot != null) {
                cgroups.release(slot);
            }
        }
    }

    private static Limits checked(Limits limits) {
        if (limits.timeoutMs() <= 0 || limits.maxOutputBytes() < 0 || limits.memoryMb() < 1) {
            throw new FaasException(ErrorKind.BAD_REQUEST,
                    "limits need a positive timeoutMs and memoryMb, and maxOutputBytes >= 0");
        }
        return limits;
    }

    private SandboxCommand command() {
        Path bwrap = HostPrograms.find(properties.bwrap()).orElseThrow(() -> missing("bubblewrap",
                "faas.worker.sandbox.bwrap=" + properties.bwrap(), "bubblewrap"));
        Path setpriv = root ? HostPrograms.find("setpriv").orElseThrow(() -> missing("setpriv", UTILITY, "util-linux"))
                : null;
        Path prlimit = insideUsr(HostPrograms.find("prlimit").orElseThrow(() -> missing("prlimit", UTILITY,
                "util-linux")), "prlimit");
        return new SandboxCommand(bwrap, setpriv, prlimit, properties);
    }

    private Path interpreterOf(Interpreter interpreter) {
        String configured = interpreter.configured(properties);
        String property = interpreter.property() + "=" + configured;
        Path executable = HostPrograms.find(configured).orElseThrow(() -> missing(configured, property,
                interpreter.debianPackage()));
        return insideUsr(executable, property);
    }

    private static FaasException missing(String what, String lookedFor, String debianPackage) {
        return new FaasException(ErrorKind.TOOLCHAIN_MISSING, what + " is not installed (" + lookedFor
                + "): script functions run only inside a bubblewrap sandbox, with node, python3 or php; install "
                + debianPackage + " (Debian/Ubuntu: apt-get install " + debianPackage + ")");
    }

    // The sandbox shows the host's /usr and nothing else of its filesystem.
    private static Path insideUsr(Path executable, String setting) {
        if (!executable.startsWith("/usr/")) {
            throw new FaasException(ErrorKind.TOOLCHAIN_MISSING, setting + " resolves to " + executable
                    + ", outside /usr, the only system directory the sandbox shows; use one installed under /usr");
        }
        return executable;
    }

    // argv[0] of a script is its file name: the function's name when it is a safe file name.
    static String scriptName(InvocationRequest request) {
        if (FunctionName.isValid(request.name())) {
            return request.name();
        }
        return FunctionName.isValid(request.functionId()) ? request.functionId() : "main";
    }

    private static ProcessRun.Outcome start(List<String> command, byte[] input, Limits limits) {
        try {
            // Bounded so that the deadline fits in nanoseconds: 292 years is no limit anyway.
            Duration timeout = Duration.ofMillis(Math.min(limits.timeoutMs(), Long.MAX_VALUE / 1_000_000));
            return ProcessRun.run(command, input, timeout, limits.maxOutputBytes());
        } catch (IOException ex) {
            if (String.valueOf(ex.getMessage()).contains("error=7,")) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "the function's arguments and environment are too long");
            }
            throw new FaasException(ErrorKind.INTERNAL, "cannot start the sandbox: " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new FaasException(ErrorKind.SHUTTING_DOWN, "the worker stopped while the function ran");
        }
    }

    private InvocationResult result(InvocationRequest request, Interpreter interpreter, ProcessRun.Outcome outcome,
            boolean oomKilled) {
        String stdout = new String(outcome.stdout(), StandardCharsets.UTF_8);
        String stderr = new String(outcome.stderr(), StandardCharsets.UTF_8);
        Limits limits = request.limits();
        InvocationStatus status;
        int exitCode = -1;
        String message;
        if (outcome.stop() == ProcessRun.Stop.OUTPUT_LIMIT) {
            status = InvocationStatus.OUTPUT_LIMIT;
            message = "function wrote more than " + limits.maxOutputBytes()
                    + " bytes to stdout and stderr; its output was cut there";
        } else if (outcome.stop() == ProcessRun.Stop.TIMEOUT) {
            status = InvocationStatus.TIMEOUT;
            message = "function exceeded its " + limits.timeoutMs() + " ms time limit";
        } else if (outcome.exitCode() == SIGXCPU_STATUS) {
            status = InvocationStatus.TIMEOUT;
            message = "function used more than its " + Math.ceilDiv(limits.timeoutMs(), 1000) + " s of CPU time";
        } else if (oomKilled) {
            // The kernel killed a process of the sandbox at its group's limit, whatever the exit status says.
            status = InvocationStatus.MEMORY_LIMIT;
            exitCode = outcome.exitCode();
            message = "function ran out of its " + limits.memoryMb() + " MiB of memory: its cgroup's limit of "
                    + interpreter.cgroupMemoryBytes(limits) / (1024 * 1024) + " MiB (with the interpreter's own)"
                    + " killed it";
        } else if (outcome.exitCode() == 0) {
            status = InvocationStatus.SUCCESS;
            exitCode = 0;
            message = null;
        } else {
            requireSandboxStarted(outcome, stdout, stderr);
            exitCode = outcome.exitCode();
            boolean outOfMemory = interpreter.outOfMemory(stderr);
            status = outOfMemory ? InvocationStatus.MEMORY_LIMIT : InvocationStatus.FAILED;
            message = outOfMemory ? "function ran out of its " + limits.memoryMb() + " MiB of memory"
                    : exitCode > 128 && exitCode <= 128 + 64 ? "function was killed by signal " + (exitCode - 128)
                    : null;
        }
        log.debug("{} ({}) ended {} in {} ms", request.functionId(), interpreter.language().id(),
                status.name().toLowerCase(Locale.ROOT), outcome.durationMs());
        return new InvocationResult(request.activationId(), status, exitCode, stdout, stderr, outcome.durationMs(),
                null, message, false);
    }

    // A sandbox that could not be built is the platform's failure, never the function's.
    private static void requireSandboxStarted(ProcessRun.Outcome outcome, String stdout, String stderr) {
        if (stdout.isEmpty() && LAUNCHERS.stream().anyMatch(stderr::startsWith)) {
            String reason = stderr.lines().findFirst().orElse(stderr);
            String hint = reason.startsWith("bwrap: ") ? " (bubblewrap needs unprivileged user namespaces)" : "";
            throw new FaasException(ErrorKind.INTERNAL, "the sandbox did not start (exit " + outcome.exitCode() + "): "
                    + reason + hint);
        }
    }

    // An unprivileged bwrap is what makes RLIMIT_NPROC count per sandbox; root first becomes nobody.
    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
