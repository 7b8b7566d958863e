package dev.wasmfaas.worker.sandbox;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.WorkerProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SandboxCommandTests {

    static final Path ARTIFACT = Path.of("/srv/faas/functions/hello_1/source.py");
    static final Limits LIMITS = new Limits(2_500, 128, 1024 * 1024);

    final SandboxCommand asRoot = new SandboxCommand(Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/setpriv"),
            Path.of("/usr/bin/prlimit"), Scripts.DEFAULTS);
    final SandboxCommand asUser = new SandboxCommand(Path.of("/usr/bin/bwrap"), null, Path.of("/usr/bin/prlimit"),
            Scripts.DEFAULTS);

    @Test
    void aPythonFunctionOfARootWorkerRunsAsNobodyInsideBubblewrap() {
        List<String> command = asRoot.build(Interpreter.PYTHON, Path.of("/usr/bin/python3.11"), ARTIFACT, "hello",
                request(List.of("a b"), Map.of("GREETING", "hi")));

        assertThat(command).containsExactly(
                "/bin/sh", "-c", "exec \"$@\" 3<\"$0\"", "/srv/faas/functions/hello_1/source.py",
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--",
                "/usr/bin/bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--cap-drop", "ALL",
                "--die-with-parent", "--new-session", "--hostname", "faas",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib",
                "--symlink", "usr/lib64", "/lib64", "--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev",
                "--size", "16777216", "--tmpfs", "/tmp",
                "--dir", "/function", "--ro-bind-data", "3", "/function/hello", "--remount-ro", "/",
                "--chdir", "/function", "--clearenv",
                "--setenv", "GREETING", "hi", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
                "--setenv", "PATH", "/usr/bin:/bin", "--",
                "/usr/bin/prlimit", "--nproc=64", "--fsize=16777216", "--cpu=3:4", "--nofile=256", "--core=0",
                "--as=167772160", "--",
                "/usr/bin/python3.11", "hello", "a b");
    }

    @Test
    void withoutAProcMountOfItsOwnTheSandboxHasNeitherProcNorDisableUserns() {
        SandboxCommand masked = new SandboxCommand(Path.of("/usr/bin/bwrap"), null, Path.of("/usr/bin/prlimit"),
                new WorkerProperties.Sandbox("bwrap", "node", "python3", "php", 64, 16, false));

        List<String> command = masked.build(Interpreter.PYTHON, Path.of("/usr/bin/python3.11"), ARTIFACT, "hello",
                request(List.of(), Map.of()));

        assertThat(command).doesNotContain("--proc", "/proc", "--disable-userns")
                .containsSubsequence("/usr/bin/bwrap", "--unshare-all", "--unshare-user", "--cap-drop", "ALL")
                .containsSubsequence("--symlink", "usr/lib64", "/lib64", "--dev", "/dev");
    }

    @Test
    void aWorkerThatIsNotRootRunsBubblewrapAsItself() {
        List<String> command = asUser.build(Interpreter.PYTHON, Path.of("/usr/bin/python3.11"), ARTIFACT, "hello",
                request(List.of(), Map.of()));

        assertThat(command).doesNotContain("/usr/bin/setpriv");
        assertThat(command.subList(4, 6)).containsExactly("/usr/bin/bwrap", "--unshare-all");
    }

    @Test
    void nodeGetsAHeapLimitInsteadOfAnAddressSpaceLimit() {
        List<String> command = asRoot.build(Interpreter.NODE, Path.of("/usr/bin/node"), ARTIFACT, "hello",
                request(List.of("x"), Map.of()));

        assertThat(interpreterPart(command)).containsExactly("/usr/bin/node", "--max-old-space-size=128", "hello", "x");
        assertThat(command).noneMatch(argument -> argument.startsWith("--as="));
    }

    @Test
    void phpRunsWithoutAnyIniFileAndLogsErrorsToStderr() {
        List<String> command = asRoot.build(Interpreter.PHP, Path.of("/usr/bin/php8.2"), ARTIFACT, "hello",
                request(List.of("--", "-h"), Map.of()));

        assertThat(interpreterPart(command)).containsExactly("/usr/bin/php8.2", "-n", "-d", "memory_limit=128M",
                "-d", "display_errors=stderr", "hello", "--", "-h");
        assertThat(command).contains("--as=" + (128 + 64) * 1024 * 1024);
    }

    @Test
    void theFunctionsEnvironmentMayOverrideTheDefaults() {
        List<String> command = asUser.build(Interpreter.PYTHON, Path.of("/usr/bin/python3.11"), ARTIFACT, "hello",
                request(List.of(), Map.of("LANG", "fr_FR.UTF-8")));

        assertThat(String.join(" ", command)).contains("--setenv LANG fr_FR.UTF-8").doesNotContain("C.UTF-8");
    }

    @Test
    void aScriptNamedLikeAnOptionIsPassedAsAPath() {
        List<String> command = asUser.build(Interpreter.NODE, Path.of("/usr/bin/node"), ARTIFACT, "-e",
                request(List.of(), Map.of()));

        assertThat(command).contains("/function/-e");
        assertThat(interpreterPart(command)).containsExactly("/usr/bin/node", "--max-old-space-size=128", "./-e");
    }

    @Test
    void refusesWhatCannotTravelAsACString() {
        assertThatExceptionOfType(FaasException.class)
                .isThrownBy(() -> asUser.build(Interpreter.PYTHON, Path.of("/usr/bin/python3"), ARTIFACT, "hello",
                        request(List.of("a\0b"), Map.of())))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
        assertThatExceptionOfType(FaasException.class)
                .isThrownBy(() -> asUser.build(Interpreter.PYTHON, Path.of("/usr/bin/python3"), ARTIFACT, "hello",
                        request(List.of(), Map.of("A=B", "c"))))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
    }

    @Test
    void inASlotsCgroupTheShellEntersItAndOpensTheFilterAndTheGroupReplacesTheAddressSpaceAndProcessLimits() {
        SandboxCommand.Placement placement = new SandboxCommand.Placement(
                List.of(Path.of("/cg/memory/faas-1/w.script-0/cgroup.procs"), Path.of("/cg/pids/faas-1/w.script-0/cgroup.procs")),
                Path.of("/tmp/filter.bpf"));

        List<String> command = asRoot.build(Interpreter.PYTHON, Path.of("/usr/bin/python3.11"), ARTIFACT, "hello",
                request(List.of(), Map.of()), placement);

        assertThat(command.subList(0, 10)).containsExactly("/bin/sh", "-c",
                "f=$1; shift; while [ \"$1\" != -- ]; do echo $$ >\"$1\" || exit 125; shift; done; shift;"
                        + " exec \"$@\" 3<\"$0\" 4<\"$f\"",
                "/srv/faas/functions/hello_1/source.py", "/tmp/filter.bpf",
                "/cg/memory/faas-1/w.script-0/cgroup.procs", "/cg/pids/faas-1/w.script-0/cgroup.procs", "--",
                "/usr/bin/setpriv", "--reuid=65534");
        assertThat(command).containsSubsequence("--remount-ro", "/", "--seccomp", "4", "--chdir", "/function")
                .containsSubsequence("/usr/bin/prlimit", "--fsize=16777216", "--cpu=3:4", "--nofile=256", "--core=0",
                        "--", "/usr/bin/python3.11")
                .noneMatch(argument -> argument.startsWith("--nproc=") || argument.startsWith("--as="));
    }

    @Test
    void aFilterWithoutACgroupKeepsTheRlimits() {
        List<String> command = asRoot.build(Interpreter.PYTHON, Path.of("/usr/bin/python3.11"), ARTIFACT, "hello",
                request(List.of(), Map.of()), new SandboxCommand.Placement(List.of(), Path.of("/tmp/filter.bpf")));

        assertThat(command.subList(3, 6)).containsExactly("/srv/faas/functions/hello_1/source.py", "/tmp/filter.bpf",
                "--");
        assertThat(command).contains("--seccomp", "--nproc=64", "--as=167772160");
    }

    private static InvocationRequest request(List<String> args, Map<String, String> env) {
        return new InvocationRequest("act-1", "hello_1", "hello", "python", ARTIFACT.toString(), "ab".repeat(32),
                "".getBytes(StandardCharsets.UTF_8), args, env, LIMITS);
    }

    // What follows prlimit's own "--".
    private static List<String> interpreterPart(List<String> command) {
        int prlimit = command.indexOf("/usr/bin/prlimit");
        List<String> rest = command.subList(prlimit, command.size());
        return new ArrayList<>(rest.subList(rest.indexOf("--") + 1, rest.size()));
    }
}
