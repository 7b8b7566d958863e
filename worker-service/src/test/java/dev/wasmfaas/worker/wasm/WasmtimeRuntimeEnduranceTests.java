package dev.wasmfaas.worker.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.worker.WasmModules;
import dev.wasmfaas.worker.WasmModules.WasmModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Thousands of invocations in one runtime: every native handle of a run must be released. */
class WasmtimeRuntimeEnduranceTests {

    private static final Logger log = LoggerFactory.getLogger(WasmtimeRuntimeEnduranceTests.class);

    @TempDir
    Path dir;

    @Test
    void fiveThousandInvocationsDoNotGrowTheProcess() throws IOException {
        WasmModule hello = WasmModules.compileC(dir, "hello", WasmModules.HELLO);
        WasmModule trap = WasmModules.compileC(dir, "trap", "int main(void) { __builtin_trap(); }\n");
        try (WasmtimeRuntime runtime = new WasmtimeRuntime(8, Duration.ofMillis(10))) {
            runMany(runtime, hello, trap, 1_000);
            long rssBefore = residentBytes();
            long heapBefore = usedHeap();

            long started = System.nanoTime();
            runMany(runtime, hello, trap, 5_000);
            double msPerRun = (System.nanoTime() - started) / 1e6 / 5_000;

            long rssGrowth = residentBytes() - rssBefore;
            long heapGrowth = usedHeap() - heapBefore;
            log.info("5000 invocations: {} ms each, RSS {} KiB -> growth {} KiB, heap growth {} KiB",
                    String.format("%.2f", msPerRun), rssBefore / 1024, rssGrowth / 1024, heapGrowth / 1024);
            assertThat(rssGrowth).isLessThan(48L * 1024 * 1024);
            assertThat(heapGrowth).isLessThan(16L * 1024 * 1024);
        }
    }

    private static void runMany(WasmtimeRuntime runtime, WasmModule hello, WasmModule trap, int count) {
        for (int i = 0; i < count; i++) {
            boolean trapping = i % 10 == 9;
            var result = runtime.run(trapping ? trap.request("") : hello.request("run " + i, Limits.DEFAULTS));
            assertThat(result.status()).isEqualTo(trapping ? InvocationStatus.TRAP : InvocationStatus.SUCCESS);
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime jvm = Runtime.getRuntime();
        return jvm.totalMemory() - jvm.freeMemory();
    }

    // VmRSS of /proc/self/status, in bytes: the native side is invisible to the Java heap.
    private static long residentBytes() throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        return status.stream().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
                .findFirst().orElseThrow();
    }
}
