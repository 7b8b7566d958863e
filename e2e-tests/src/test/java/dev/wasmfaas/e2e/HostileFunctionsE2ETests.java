package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/**
 * Hostile functions end to end: each is deployed and invoked while a good function (the C hello) is
 * invoked in a loop from another thread. The hostile call gets its documented answer, every good call
 * succeeds, and afterwards the pool is whole, every worker ready and none restarted, and no process of
 * the hostile function is left. The table of what each case gets is in docs/SECURITY.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileFunctionsE2ETests {

    private static final Path HOSTILE = Path.of("src/test/resources/functions/hostile").toAbsolutePath();
    private static final Path BOMB = Path.of("src/test/resources/functions/bomb.c").toAbsolutePath();
    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");
    private static final int POOL_SIZE = 2;
    /** What secret.py holds; no other function may ever show it. */
    private static final String SECRET = "wasm-faas-secret-7d3f1c";
    private static final double SCRIPT_CPUS = 0.25;

    private Suite suite;
    private Api api;
    private HostileRun hostile;
    private String goodId;
    private String secretId;

    @BeforeAll
    void up() throws Exception {
        suite = Suite.start("hostile", POOL_SIZE, Map.of("FAAS_SERVER_ARGS",
                // A worker JVM may take over a minute to start when other suites share the two cores. A script
                // sandbox gets a quarter of a core: less than a busy process gets even on a loaded machine.
                "--faas.server.pool.spares=0 --faas.server.pool.start-timeout=180s"
                        + " --faas.server.cgroup.script-cpus=" + SCRIPT_CPUS));
        api = new Api(suite);
        goodId = api.deploy("good", HELLO);
        secretId = deploy("secret", "python", HOSTILE.resolve("secret.py"), "");
        assertThat(api.invoke("secret", "").get("output").asString()).isEqualTo("ok\n");
        hostile = new HostileRun(suite, POOL_SIZE);
    }

    @AfterAll
    void down() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    // --- WebAssembly (C) ---------------------------------------------------------------------------

    @Test
    void anInfiniteLoopTimesOut() throws Exception {
        deploy("hostile-loop", "c", HOSTILE.resolve("loop.c"), "&timeoutMs=1000");

        HostileRun.Outcome outcome = hostile.invoke("hostile-loop", "");

        JsonNode problem = Api.assertProblem(outcome.response(), 504, "timeout");
        assertThat(problem.get("detail").asString()).isEqualTo("function exceeded its 1000 ms time limit");
        assertThat(problem.get("exitCode").asInt()).isEqualTo(-1);
        assertThat(problem.get("durationMs").asLong()).isGreaterThanOrEqualTo(1000);
        assertThat(outcome.sandboxProcesses()).as("WebAssembly runs inside the worker: no process").isZero();
    }

    @Test
    void aMemoryBombGetsNoMemoryPastItsCap() throws Exception {
        deploy("hostile-bomb", "c", BOMB, "&memoryMb=16");

        HostileRun.Outcome outcome = hostile.invoke("hostile-bomb", "");

        // The cap is the module's own memory maximum: malloc returns NULL inside the function, which is
        // not a platform error. Of 16 MiB, 14 blocks of 1 MiB fit beside C's stack (1 MiB, inside the cap),
        // data and malloc's headers.
        JsonNode body = Api.okJson(outcome.response());
        assertThat(body.get("output").asString()).isEqualTo("14\n");
        assertThat(body.get("exitCode").asInt()).isZero();
        // And again, to the same cap: nothing of the first run stayed in the worker.
        assertThat(api.invoke("hostile-bomb", "").get("output").asString()).isEqualTo("14\n");
    }

    @Test
    void anOutputFloodIsCutAtItsCap() throws Exception {
        deploy("hostile-flood", "c", HOSTILE.resolve("flood.c"), "&maxOutputKb=64");

        HostileRun.Outcome outcome = hostile.invoke("hostile-flood", "");

        JsonNode problem = Api.assertProblem(outcome.response(), 502, "output-limit");
        assertThat(problem.get("detail").asString())
                .isEqualTo("function wrote more than 65536 bytes to stdout and stderr; its output was cut there");
        String output = problem.get("output").asString();
        assertThat(output).hasSize(64 * 1024).startsWith("x".repeat(999) + "\n");
        assertThat(output.chars().allMatch(c -> c == 'x' || c == '\n')).isTrue();
    }

    @ParameterizedTest(name = "recursion of {0}")
    @CsvSource({
        // C keeps its locals on a stack in linear memory: the recursion runs off the bottom of it.
        "frames, wasm trap: memory out of bounds",
        // Calls with nothing on C's stack exhaust Wasmtime's own call stack.
        "calls, wasm trap: stack overflow"})
    void deepRecursionTrapsWithItsReason(String mode, String trap) throws Exception {
        String name = "hostile-recursion-" + mode;
        deploy(name, "c", HOSTILE.resolve("recursion.c"), "");

        HostileRun.Outcome outcome = hostile.invoke(name, mode + "\n");

        JsonNode problem = Api.assertProblem(outcome.response(), 502, "trap");
        // The trap, then what to do about it: the stack of the function (1 MiB by default) and stackKb.
        assertThat(problem.get("detail").asString()).startsWith(trap + "; the likely cause is the function's stack "
                + "of 1024 KiB").contains("stackKb");
        assertThat(problem.get("exitCode").asInt()).isEqualTo(-1);
    }

    @Test
    void aWasmFunctionCannotOpenAnyFile() throws Exception {
        deploy("hostile-reader-c", "c", HOSTILE.resolve("reader.c"), "");
        List<String> paths = List.of("/etc/passwd", "/", ".", stored(secretId, "source.py"),
                stored(goodId, "module.wasm"), "../" + secretId + "/source.py", "/proc/self/environ");

        HostileRun.Outcome outcome = hostile.invoke("hostile-reader-c", String.join("\n", paths) + "\n");

        // No directory is preopened: wasi-libc finds no capability to resolve any path against (ENOTCAPABLE).
        String output = Api.okJson(outcome.response()).get("output").asString();
        assertThat(output.lines()).containsExactlyElementsOf(
                paths.stream().map(path -> path + ": denied Capabilities insufficient").toList());
        assertThat(output).doesNotContain(SECRET);
    }

    @Test
    void aWasmFunctionHasNoSocketToUse() throws Exception {
        // WASI preview 1 has no socket() or connect(); the fixture tries send and accept on every descriptor.
        deploy("hostile-network-c", "c", HOSTILE.resolve("network.c"), "");

        HostileRun.Outcome outcome = hostile.invoke("hostile-network-c", "");

        assertThat(Api.okJson(outcome.response()).get("output").asString()).isEqualTo("reachable sockets: 0\n");
    }

    @Test
    void aWasmFunctionCannotMakeTheHostPollWithoutBound() throws Exception {
        deploy("hostile-pollbomb", "c", HOSTILE.resolve("pollbomb.c"), "");

        HostileRun.Outcome outcome = hostile.invoke("hostile-pollbomb", "");

        // EINVAL (28): the worker serves poll_oneoff itself and takes at most 4096 subscriptions.
        assertThat(Api.okJson(outcome.response()).get("output").asString())
                .isEqualTo("poll_oneoff: errno 28, 0 events\n");
    }

    // --- scripts in the sandbox --------------------------------------------------------------------

    @Test
    void aForkBombIsHeldAtTheProcessLimitAndEndsAtTheTimeLimit() throws Exception {
        deploy("hostile-forkbomb", "python", HOSTILE.resolve("forkbomb.py"), "&timeoutMs=3000");

        long rejectedBefore = scriptGroupsTotal("pidsRejected");

        HostileRun.Outcome outcome = hostile.invoke("hostile-forkbomb", "");

        JsonNode problem = Api.assertProblem(outcome.response(), 504, "timeout");
        assertThat(problem.get("detail").asString()).isIn("function exceeded its 3000 ms time limit",
                "function used more than its 3 s of CPU time");
        // 64 processes in the sandbox (its cgroup's pids.max, or RLIMIT_NPROC without cgroups; bubblewrap's init
        // included), and bubblewrap outside it.
        assertThat(outcome.sandboxProcesses()).isBetween(2, 65);
        assertThat(hostile.processesLeft("hostile-forkbomb")).isEmpty();
        if (cgroups()) {
            // The cgroup's own count of the forks it refused at its pids.max.
            assertThat(scriptGroupsTotal("pidsRejected")).isGreaterThan(rejectedBefore);
        }
    }

    @Test
    void aCpuBoundScriptGetsNoMoreThanItsCgroupShareWhileTheGoodFunctionKeepsAnswering() throws Exception {
        assumeCgroups();
        deploy("hostile-spinner", "python", HOSTILE.resolve("spinner.py"), "&timeoutMs=2000");
        double cpuBefore = scriptGroupsSeconds("cpuSeconds");
        long throttledBefore = scriptGroupsTotal("throttledPeriods");

        HostileRun.Outcome outcome = hostile.invoke("hostile-spinner", "");

        JsonNode problem = Api.assertProblem(outcome.response(), 504, "timeout");
        double wallSeconds = problem.get("durationMs").asLong() / 1000.0;
        // The cgroup's own accounting, not a timing: over its run it had at most its quota, one period of slack.
        assertThat(scriptGroupsSeconds("cpuSeconds") - cpuBefore).isLessThanOrEqualTo(SCRIPT_CPUS * wallSeconds + 0.1);
        assertThat(scriptGroupsTotal("throttledPeriods")).isGreaterThan(throttledBefore);
        // Every call of the good function made meanwhile succeeded (HostileRun checks it).
        assertThat(hostile.processesLeft("hostile-spinner")).isEmpty();
    }

    @Test
    void systemCallsNoFunctionNeedsAnswerEnosys() throws Exception {
        deploy("hostile-syscalls", "python", HOSTILE.resolve("syscalls.py"), "");

        HostileRun.Outcome outcome = hostile.invoke("hostile-syscalls", "");

        // Without the filter each of these either works or fails with its own error; never ENOSYS.
        assertThat(Api.okJson(outcome.response()).get("output").asString()).isEqualTo(
                "ptrace ENOSYS\nunshare ENOSYS\nkeyctl ENOSYS\nbpf ENOSYS\ninit_module ENOSYS\n");
    }

    @ParameterizedTest(name = "sleeping in {0}")
    @ValueSource(strings = {"python", "js"})
    void sleepingPastTheTimeLimitTimesOutAndLeavesNoProcess(String lang) throws Exception {
        String name = "hostile-sleeper-" + lang;
        deploy(name, lang, script("sleeper", lang), "&timeoutMs=5000");

        HostileRun.Outcome outcome = hostile.invoke(name, "");

        JsonNode problem = Api.assertProblem(outcome.response(), 504, "timeout");
        assertThat(problem.get("detail").asString()).isEqualTo("function exceeded its 5000 ms time limit");
        assertThat(problem.get("output").asString()).isEqualTo("sleeping\n");
        assertThat(outcome.sandboxProcesses()).as("its sandbox was seen running as " + HostileRun.SANDBOX_USER)
                .isPositive();
        assertThat(hostile.processesLeft(name)).isEmpty();
    }

    @Test
    void aDaemonLeftBehindDiesWithItsSandbox() throws Exception {
        deploy("hostile-daemon", "python", HOSTILE.resolve("daemon.py"), "&timeoutMs=5000");

        HostileRun.Outcome outcome = hostile.invoke("hostile-daemon", "");

        // The function's answer, not a timeout: the run ends with the function, and its PID namespace takes
        // the daemon along.
        JsonNode body = Api.okJson(outcome.response());
        assertThat(body.get("output").asString()).isEqualTo("left a daemon\n");
        assertThat(hostile.processesLeft("hostile-daemon")).isEmpty();
    }

    @Test
    void aScriptMemoryBombIsAMemoryLimit() throws Exception {
        deploy("hostile-hog", "python", HOSTILE.resolve("hog.py"), "&memoryMb=64");
        long oomKillsBefore = scriptGroupsTotal("oomKills");

        HostileRun.Outcome outcome = hostile.invoke("hostile-hog", "");

        JsonNode problem = Api.assertProblem(outcome.response(), 502, "memory-limit");
        if (cgroups()) {
            // Killed by the kernel at its cgroup's limit (the function's 64 MiB and the interpreter's 32).
            assertThat(problem.get("detail").asString()).isEqualTo("function ran out of its 64 MiB of memory: its"
                    + " cgroup's limit of 96 MiB (with the interpreter's own) killed it");
            assertThat(problem.get("stderr").asString()).doesNotContain("MemoryError");
            assertThat(scriptGroupsTotal("oomKills")).isGreaterThan(oomKillsBefore);
        } else {
            assertThat(problem.get("detail").asString()).isEqualTo("function ran out of its 64 MiB of memory");
            assertThat(problem.get("stderr").asString()).contains("MemoryError");
        }
    }

    // --- cgroups, as GET /system/workers shows them ---------------------------------------------------

    private boolean cgroups() throws Exception {
        return api.workers().get("cgroups").get("enabled").asBoolean();
    }

    private void assumeCgroups() throws Exception {
        JsonNode cgroups = api.workers().get("cgroups");
        org.junit.jupiter.api.Assumptions.assumeTrue(cgroups.get("enabled").asBoolean(),
                () -> "no cgroups here: " + cgroups.get("reason").asString());
    }

    // Summed over the script sandbox groups of every worker.
    private long scriptGroupsTotal(String field) throws Exception {
        long total = 0;
        for (JsonNode worker : api.workers().get("workers")) {
            JsonNode cgroup = worker.get("cgroup");
            if (cgroup != null && !cgroup.isNull()) {
                for (JsonNode script : cgroup.get("scripts")) {
                    total += Math.max(0, script.get(field).asLong());
                }
            }
        }
        return total;
    }

    private double scriptGroupsSeconds(String field) throws Exception {
        double total = 0;
        for (JsonNode worker : api.workers().get("workers")) {
            JsonNode cgroup = worker.get("cgroup");
            if (cgroup != null && !cgroup.isNull()) {
                for (JsonNode script : cgroup.get("scripts")) {
                    total += Math.max(0, script.get(field).asDouble());
                }
            }
        }
        return total;
    }

    @ParameterizedTest(name = "writing in {0}")
    @ValueSource(strings = {"python", "js"})
    void onlyTmpIsWritable(String lang) throws Exception {
        String name = "hostile-writer-" + lang;
        deploy(name, lang, script("writer", lang), "");
        Path victim = Path.of(stored(secretId, "source.py"));
        String before = Files.readString(victim);
        Path escaped = suite.functionsDir.resolve("escaped-" + lang + ".txt");
        // Read-only: the sandbox's root, /usr, /function (the script too) and /dev. Absent: /etc, the host's
        // directories (functions/ among them; /tmp is the function's own).
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/tmp/scratch.txt", "written");
        for (String readOnly : List.of("/new.txt", "/usr/new.txt", "/function/new.txt", "/function/" + name,
                "/dev/shm/new.txt")) {
            expected.put(readOnly, "denied EROFS");
        }
        for (String absent : List.of("/etc/new.txt", "/proc/new.txt", escaped.toString(), victim.toString())) {
            expected.put(absent, "denied ENOENT");
        }

        HostileRun.Outcome outcome = hostile.invoke(name, String.join("\n", expected.keySet()) + "\n");

        assertThat(Api.okJson(outcome.response()).get("output").asString().lines()).containsExactlyElementsOf(
                expected.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        assertThat(escaped).doesNotExist();
        assertThat(victim).hasContent(before);
    }

    @ParameterizedTest(name = "reading in {0}")
    @ValueSource(strings = {"python", "js"})
    void theHostAndOtherFunctionsAreOutOfSight(String lang) throws Exception {
        String name = "hostile-reader-" + lang;
        deploy(name, lang, script("reader", lang), "");
        List<String> absent = List.of("/etc/passwd", "/etc/shadow", "/root/.bashrc", stored(secretId, "source.py"),
                stored(secretId, "metadata.json"), stored(goodId, "module.wasm"), "/function/secret");
        List<String> paths = new ArrayList<>(absent);
        paths.addAll(List.of("/function/" + name, "/proc/1/environ"));

        HostileRun.Outcome outcome = hostile.invoke(name, String.join("\n", paths) + "\n");

        String output = Api.okJson(outcome.response()).get("output").asString();
        List<String> lines = output.lines().toList();
        assertThat(lines.subList(0, absent.size()))
                .containsExactlyElementsOf(absent.stream().map(path -> path + ": denied ENOENT").toList());
        assertThat(lines.get(absent.size())).as("its own script").startsWith("/function/" + name + ": read ");
        // bubblewrap's init: the launcher's two variables, nothing of the worker (its directory included).
        assertThat(lines.get(absent.size() + 1)).isEqualTo("/proc/1/environ: read PATH=/usr/bin:/bin\0PWD=/\0");
        assertThat(output).doesNotContain(SECRET).doesNotContain("root:").doesNotContain(Suite.HOME.toString());
    }

    @ParameterizedTest(name = "connecting in {0}")
    @ValueSource(strings = {"python", "js"})
    void thereIsNoNetwork(String lang) throws Exception {
        String name = "hostile-network-" + lang;
        deploy(name, lang, script("network", lang), "");
        // The gateway listens on the host's loopback; the sandbox has a loopback of its own, and no route out.
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("127.0.0.1:" + suite.port, "blocked ECONNREFUSED");
        expected.put("1.1.1.1:80", "blocked ENETUNREACH");
        if (lang.equals("python")) {
            // The sockets of the server and the workers are files of the host: not in the sandbox.
            expected.put("unix:" + suite.runDir.resolve("server.sock"), "blocked ENOENT");
            expected.put("unix:" + suite.runDir.resolve("worker-1.sock"), "blocked ENOENT");
        }

        HostileRun.Outcome outcome = hostile.invoke(name, String.join("\n", expected.keySet()) + "\n");

        assertThat(Api.okJson(outcome.response()).get("output").asString().lines()).containsExactlyElementsOf(
                expected.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        assertThat(suite.runDir.resolve("server.sock")).exists();
    }

    private String deploy(String name, String lang, Path source, String limits) throws Exception {
        HttpResponse<String> deployed = api.post("/deploy?name=" + name + "&lang=" + lang + limits,
                Files.readAllBytes(source));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        return Api.JSON.readTree(deployed.body()).get("id").asString();
    }

    private static Path script(String fixture, String lang) {
        return HOSTILE.resolve(fixture + (lang.equals("python") ? ".py" : ".js"));
    }

    /** The path of a stored file of a function, as the host sees it. */
    private String stored(String id, String file) {
        Path path = suite.functionsDir.resolve(id).resolve(file);
        assertThat(path).as("the target exists on the host").exists();
        return path.toString();
    }
}
