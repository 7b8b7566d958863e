package dev.wasmfaas.worker.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.wasmfaas.common.cgroup.Cgroup;
import dev.wasmfaas.common.cgroup.CgroupHost;
import dev.wasmfaas.common.cgroup.CgroupLimits;
import dev.wasmfaas.common.cgroup.CgroupParent;
import dev.wasmfaas.common.cgroup.CgroupUnavailableException;
import dev.wasmfaas.common.cgroup.CgroupUsage;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.worker.sandbox.Scripts.Script;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Script sandboxes in the real cgroups of this host (each in a slot's group under a parent group made for the
 * test) and under the real system-call filter built by libseccomp. Skipped, with the reason, where the host
 * gives no writable cgroups or no libseccomp binding.
 */
class SandboxIsolationTests {

    // Well below what one busy process gets even on a loaded machine, so the quota is what holds it back.
    static final double CPUS = 0.2;
    static final int PIDS = 16;

    static Path functions;
    static CgroupParent parent;
    static String unavailable;
    static SandboxRuntime runtime;
    static boolean filtered;

    @BeforeAll
    static void start() throws IOException {
        Scripts.assumeBubblewrap();
        functions = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()),
                "functions-");
        try {
            parent = CgroupHost.detect().createParent("");
        } catch (CgroupUnavailableException ex) {
            unavailable = ex.getMessage();
        }
        SeccompFilter filter = SeccompFilter.build();
        filtered = filter.file().isPresent();
        ScriptCgroups cgroups = parent == null ? null
                : new ScriptCgroups(parent, "test", new CgroupLimits(0, CPUS, 0, PIDS), null);
        runtime = new SandboxRuntime(Scripts.DEFAULTS, true, cgroups, filter);
    }

    @AfterAll
    static void removeGroups() throws InterruptedException {
        for (int attempt = 0; parent != null && !parent.remove() && attempt < 40; attempt++) {
            Thread.sleep(50);
        }
    }

    static void assumeCgroups() {
        assumeTrue(parent != null, () -> "no writable cgroups here: " + unavailable);
    }

    static void assumeFilter() {
        assumeTrue(filtered, "libseccomp's Python binding (python3-seccomp) is not installed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python", "php"})
    void normalScriptsWithThreadsAndChildProcessesKeepWorking(String lang) {
        Scripts.Sources sources = new Scripts.Sources("""
                const { Worker } = require('worker_threads');
                const child = require('child_process').execFileSync('/usr/bin/echo', ['child']).toString().trim();
                new Worker('require("worker_threads").parentPort.postMessage(6 * 7)', { eval: true })
                    .on('message', n => console.log(child + ' ' + n + ' ' + require('fs').readFileSync(0, 'utf8')));
                """, """
                import subprocess, sys, threading
                out = []
                t = threading.Thread(target=lambda: out.append(6 * 7)); t.start(); t.join()
                child = subprocess.run(["/usr/bin/echo", "child"], capture_output=True, text=True).stdout.strip()
                print(child, out[0], sys.stdin.read())
                """, """
                <?php
                echo trim(shell_exec("/usr/bin/echo child")) . " " . (6 * 7) . " " . file_get_contents("php://stdin") . "\\n";
                """);
        Script script = Scripts.store(functions, lang, "normal", sources.of(lang));

        InvocationResult result = runtime.run(script.request("in"));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("child 42 in\n");
    }

    @Test
    void aScriptPastItsMemoryIsKilledByItsCgroupAndAnswersMemoryLimit() {
        assumeCgroups();
        Script hog = Scripts.store(functions, "python", "hog", """
                chunks = []
                for i in range(512):
                    chunks.append(b"x" * (1024 * 1024))
                print("never reached")
                """);
        long oomBefore = oomKills();

        InvocationResult result = runtime.run(hog.request("", new Limits(20_000, 32, 1024 * 1024)));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.MEMORY_LIMIT);
        assertThat(result.message()).contains("32 MiB", "cgroup");
        assertThat(result.stdout()).isEmpty();
        // Killed by the kernel at the group's limit, not stopped by a MemoryError of the interpreter's.
        assertThat(result.stderr()).doesNotContain("MemoryError");
        assertThat(oomKills()).isGreaterThan(oomBefore);
    }

    @Test
    void aForkBombStopsAtThePidsLimit() {
        assumeCgroups();
        Script bomb = Scripts.store(functions, "python", "bomb", """
                import os, time
                root = os.getpid()
                refused = 0
                deadline = time.time() + 1.5
                while time.time() < deadline:
                    try:
                        os.fork()
                    except BlockingIOError:
                        refused += 1
                        time.sleep(0.01)
                if os.getpid() == root:
                    print("refused" if refused else "never refused")
                else:
                    os._exit(0)
                """);
        long rejectedBefore = total(CgroupUsage::pidsRejected);

        InvocationResult result = runtime.run(bomb.request("", new Limits(20_000, 64, 1024 * 1024)));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("refused\n");
        assertThat(total(CgroupUsage::pidsRejected)).isGreaterThan(rejectedBefore);
        assertThat(runtime.cgroups()).allSatisfy(group -> assertThat(group.usage().pidsMax()).isEqualTo(PIDS));
    }

    @Test
    void aCpuBoundScriptGetsNoMoreThanItsQuotaWhileAnotherKeepsAnswering() {
        assumeCgroups();
        Script spinner = Scripts.store(functions, "python", "spinner", """
                import time
                end = time.time() + 2
                n = 0
                while time.time() < end:
                    n += 1
                print("spun")
                """);
        Script hello = Scripts.store(functions, "python", "quick", "print('quick')\n");
        long cpuBefore = total(CgroupUsage::cpuNanos);
        long throttledBefore = total(CgroupUsage::throttledPeriods);

        CompletableFuture<InvocationResult> spinning = CompletableFuture.supplyAsync(
                () -> runtime.run(spinner.request("", new Limits(20_000, 64, 1024 * 1024))));
        List<InvocationResult> quick = List.of(runtime.run(hello.request("")), runtime.run(hello.request("")));
        InvocationResult spun = spinning.join();

        assertThat(spun.status()).as(spun.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(quick).allSatisfy(r -> assertThat(r.stdout()).isEqualTo("quick\n"));
        // The cgroup's own accounting: over the run's wall time, at most the quota (and one period of slack).
        double cpuSeconds = (total(CgroupUsage::cpuNanos) - cpuBefore) / 1e9;
        double wallSeconds = spun.durationMs() / 1000.0;
        assertThat(cpuSeconds).isLessThanOrEqualTo(CPUS * wallSeconds + 0.1 + 0.2 /* the quick runs */);
        assertThat(total(CgroupUsage::throttledPeriods)).isGreaterThan(throttledBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ptrace", "process_vm_readv", "mount", "umount2", "unshare", "setns", "keyctl", "add_key",
            "bpf", "perf_event_open", "init_module", "finit_module", "delete_module", "kexec_load", "userfaultfd",
            "io_uring_setup", "clone3"})
    void everyDeniedFamilyAnswersEnosys(String call) {
        assumeFilter();
        String machine = System.getProperty("os.arch");
        assumeTrue(machine.equals("amd64") || machine.equals("aarch64"), "system-call numbers known for x86_64 and"
                + " aarch64 only, not " + machine);
        Script probe = Scripts.store(functions, "python", "probe", """
                import ctypes, errno, os, sys
                X86 = {"ptrace": 101, "process_vm_readv": 310, "mount": 165, "umount2": 166, "unshare": 272,
                       "setns": 308, "keyctl": 250, "add_key": 248, "bpf": 321, "perf_event_open": 298,
                       "init_module": 175, "finit_module": 313, "delete_module": 176, "kexec_load": 246,
                       "userfaultfd": 323, "io_uring_setup": 425, "clone3": 435}
                ARM = {"ptrace": 117, "process_vm_readv": 270, "mount": 40, "umount2": 39, "unshare": 97,
                       "setns": 268, "keyctl": 219, "add_key": 217, "bpf": 280, "perf_event_open": 241,
                       "init_module": 105, "finit_module": 273, "delete_module": 106, "kexec_load": 104,
                       "userfaultfd": 282, "io_uring_setup": 425, "clone3": 435}
                numbers = X86 if os.uname().machine == "x86_64" else ARM
                libc = ctypes.CDLL(None, use_errno=True)
                # Harmless arguments: without the filter each call either works or fails with its own error.
                result = libc.syscall(numbers[sys.argv[1]], 0, 0, 0, 0, 0)
                print(sys.argv[1], "ok" if result >= 0 else errno.errorcode[ctypes.get_errno()])
                """);

        InvocationResult result = runtime.run(probe.request("", List.of(call), Map.of(), Limits.DEFAULTS));

        assertThat(result.status()).as(result.stderr()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo(call + " ENOSYS\n");
    }

    @Test
    void cloneIntoANewNamespaceIsRefused() {
        assumeFilter();
        Script probe = Scripts.store(functions, "python", "nsclone", """
                import ctypes, errno, os
                libc = ctypes.CDLL(None, use_errno=True)
                # clone(CLONE_NEWUSER | SIGCHLD) with no new stack behaves as fork; the filter refuses the flag.
                pid = libc.syscall(56 if os.uname().machine == "x86_64" else 220, 0x10000000 | 17, 0, 0, 0, 0)
                if pid == 0:
                    os._exit(0)
                print("forked" if pid > 0 else errno.errorcode[ctypes.get_errno()])
                """);

        InvocationResult result = runtime.run(probe.request(""));

        assertThat(result.stdout()).as(result.stderr()).isEqualTo("EPERM\n");
    }

    private static long oomKills() {
        return total(CgroupUsage::oomKills);
    }

    private static long total(java.util.function.ToLongFunction<CgroupUsage> counter) {
        return runtime.cgroups().stream().map(Cgroup::usage).mapToLong(counter).filter(v -> v > 0).sum();
    }
}
