package dev.wasmfaas.worker.wasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.WasmModules;
import dev.wasmfaas.worker.WasmModules.WasmModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WasmtimeRuntimeTests {

    @TempDir
    static Path dir;

    static WasmtimeRuntime runtime;
    static WasmModule hello;

    @BeforeAll
    static void start() {
        runtime = new WasmtimeRuntime(16, Duration.ofMillis(10));
        hello = WasmModules.compileC(dir, "hello", WasmModules.HELLO);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void leavesNoCopyOfTheJniLibraryBehindInTheTemporaryDirectory() throws IOException {
        // The library is loaded from a copy that wasmtime-java extracted, and that copy is already gone from disk.
        assertThat(Files.readAllLines(Path.of("/proc/self/maps")))
                .anyMatch(line -> line.contains("/libwasmtime_jni_") && line.endsWith(" (deleted)"));
        assertThat(JniLibraryCopy.loadedFrom()).isEmpty();
    }

    @Test
    void helloWithoutInputGreets() {
        InvocationResult result = runtime.run(hello.request(""));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("Hello from FAAS!\n");
        assertThat(result.stderr()).isEmpty();
        assertThat(result.message()).isNull();
    }

    @Test
    void helloEchoesItsStdin() {
        InvocationResult result = runtime.run(hello.request("payload line 1\nline 2 ✓"));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("Hello from FAAS!\npayload line 1\nline 2 ✓");
    }

    @Test
    void stdinLargerThanOneReadArrivesWhole() {
        String big = "0123456789abcdef".repeat(16 * 1024);

        InvocationResult result = runtime.run(hello.request(big));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout().equals("Hello from FAAS!\n" + big)).as("all 256 KiB echoed").isTrue();
    }

    @Test
    void nonZeroExitIsAFailedResult() {
        WasmModule exit3 = WasmModules.compileC(dir, "exit3", """
                #include <stdio.h>
                #include <stdlib.h>
                int main(void) {
                    fprintf(stderr, "giving up\\n");
                    exit(3);
                }
                """);

        InvocationResult result = runtime.run(exit3.request(""));

        assertThat(result.status()).isEqualTo(InvocationStatus.FAILED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderr()).isEqualTo("giving up\n");
    }

    @Test
    void argumentsAndEnvironmentAreTheRequestsOnly() {
        WasmModule argsEnv = WasmModules.compileC(dir, "argsenv", """
                #include <stdio.h>
                #include <stdlib.h>
                extern char **environ;
                int main(int argc, char **argv) {
                    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\\n", i, argv[i]);
                    int count = 0;
                    for (char **e = environ; *e; e++) count++;
                    printf("GREETING=%s\\nenv count=%d\\n", getenv("GREETING"), count);
                    return 0;
                }
                """);

        InvocationResult result = runtime.run(argsEnv.request(new byte[0], List.of("one", "two words"),
                Map.of("GREETING", "hi there"), Limits.DEFAULTS));

        assertThat(result.stdout()).isEqualTo("""
                argv[0]=argsenv
                argv[1]=one
                argv[2]=two words
                GREETING=hi there
                env count=1
                """);
    }

    @Test
    void argumentsThatAreNoCStringsAreRefused() {
        InvocationRequest nul = hello.request(new byte[0], List.of("a\0b"), Map.of(), Limits.DEFAULTS);
        InvocationRequest equals = hello.request(new byte[0], List.of(), Map.of("A=B", "c"), Limits.DEFAULTS);

        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(nul))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(equals))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
    }

    @Test
    void functionSeesNoFilesystem() {
        WasmModule files = WasmModules.compileC(dir, "files", """
                #include <stdio.h>
                int main(void) {
                    FILE *f = fopen("/etc/passwd", "r");
                    puts(f ? "opened" : "no file");
                    return 0;
                }
                """);

        assertThat(runtime.run(files.request("")).stdout()).isEqualTo("no file\n");
    }

    @Test
    void infiniteLoopIsStoppedAtItsTimeLimitAndTheRuntimeGoesOn() {
        WasmModule loop = loop();

        InvocationResult result = runtime.run(loop.request("", new Limits(200, 128, 1024)));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMEOUT);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.message()).isEqualTo("function exceeded its 200 ms time limit");
        assertThat(result.durationMs()).isBetween(200L, 3_000L);
        assertThat(runtime.run(hello.request("after")).stdout()).isEqualTo("Hello from FAAS!\nafter");
    }

    @Test
    void aLoopThatStartsWhileTheEpochStillTicksForTheRunBeforeIsStoppedToo() {
        WasmModule loop = loop();
        runtime.run(loop.request("", new Limits(100, 128, 1024)));

        // Right after the run before: the ticker is between two ticks, not woken again, and ticks on.
        assertThat(runtime.run(hello.request("before")).stdout()).isEqualTo("Hello from FAAS!\nbefore");
        InvocationResult result = runtime.run(loop.request("", new Limits(200, 128, 1024)));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMEOUT);
        assertThat(result.durationMs()).isBetween(200L, 3_000L);
    }

    @Test
    void sleepingFunctionIsBoundByItsTimeLimitToo() {
        WasmModule sleepy = WasmModules.compileC(dir, "sleepy", """
                #include <stdio.h>
                #include <unistd.h>
                int main(void) {
                    usleep(50000);
                    puts("napped");
                    fflush(stdout);
                    sleep(60);
                    puts("slept");
                    return 0;
                }
                """);

        InvocationResult result = runtime.run(sleepy.request("", new Limits(300, 128, 1024)));

        assertThat(result.status()).isEqualTo(InvocationStatus.TIMEOUT);
        assertThat(result.stdout()).isEqualTo("napped\n");
        assertThat(result.durationMs()).isBetween(300L, 3_000L);
    }

    @Test
    void outputFloodIsCutAtTheCap() {
        WasmModule flood = WasmModules.compileC(dir, "flood", """
                #include <stdio.h>
                int main(void) {
                    for (;;) {
                        fputs("0123456789", stdout);
                        fputs("e", stderr);
                    }
                }
                """);

        InvocationResult result = runtime.run(flood.request("", new Limits(10_000, 128, 10_000)));

        assertThat(result.status()).isEqualTo(InvocationStatus.OUTPUT_LIMIT);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout().length() + result.stderr().length()).isEqualTo(10_000);
        assertThat(result.stdout()).startsWith("0123456789");
        assertThat(result.stderr()).startsWith("e");
        assertThat(result.message()).contains("10000 bytes");
    }

    @Test
    void trapIsReported() {
        WasmModule trap = WasmModules.compileC(dir, "trap", "int main(void) { __builtin_trap(); }\n");

        InvocationResult result = runtime.run(trap.request(""));

        assertThat(result.status()).isEqualTo(InvocationStatus.TRAP);
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.message()).isEqualTo("wasm trap: unreachable code reached");
    }

    @Test
    void stackOverflowAndOutOfBoundsAreTraps() throws IOException {
        WasmModule recursion = WasmModules.wat(dir, "recursion", """
                (module
                  (memory (export "memory") 1)
                  (func $down (call $down))
                  (func (export "_start") (call $down)))
                """);
        WasmModule outOfBounds = WasmModules.wat(dir, "oob", """
                (module
                  (memory (export "memory") 1)
                  (func (export "_start") (drop (i32.load (i32.const 70000)))))
                """);

        assertThat(runtime.run(recursion.request("")).message()).isEqualTo("wasm trap: stack overflow");
        assertThat(runtime.run(outOfBounds.request("")).message()).isEqualTo("wasm trap: memory out of bounds");
    }

    @Test
    void moduleWithoutMemoryCannotUseStdio() throws IOException {
        WasmModule memoryless = WasmModules.wat(dir, "memoryless", """
                (module
                  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
                  (func (export "_start")
                    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))))
                """);

        InvocationResult result = runtime.run(memoryless.request(""));

        assertThat(result.status()).isEqualTo(InvocationStatus.TRAP);
        assertThat(result.message()).isEqualTo("the module exports no memory");
    }

    @Test
    void secondRunOfAModuleIsWarm() {
        try (WasmtimeRuntime fresh = new WasmtimeRuntime(4, Duration.ofMillis(10))) {
            InvocationResult first = fresh.run(hello.request("1"));
            InvocationResult second = fresh.run(hello.request("2"));

            assertThat(first.coldStart()).isTrue();
            assertThat(second.coldStart()).isFalse();
            assertThat(second.stdout()).isEqualTo("Hello from FAAS!\n2");
            assertThat(fresh.cachedModules()).isEqualTo(1);
        }
    }

    @Test
    void evictedModuleIsCompiledAgain() throws IOException {
        WasmModule other = WasmModules.wat(dir, "empty", "(module (memory (export \"memory\") 1) (func (export \"_start\")))");
        try (WasmtimeRuntime small = new WasmtimeRuntime(1, Duration.ofMillis(10))) {
            assertThat(small.run(hello.request("")).coldStart()).isTrue();
            assertThat(small.run(other.request("")).coldStart()).isTrue();
            InvocationResult again = small.run(hello.request("x"));

            assertThat(again.coldStart()).isTrue();
            assertThat(again.stdout()).isEqualTo("Hello from FAAS!\nx");
            assertThat(small.cachedModules()).isEqualTo(1);
        }
    }

    @Test
    void moduleWhoseDigestDiffersIsRefused() throws IOException {
        Path copy = Files.copy(hello.file(), dir.resolve("tampered.wasm"));
        Files.write(copy, new byte[] {0}, StandardOpenOption.APPEND);
        WasmModule tampered = new WasmModule("tampered", copy, hello.digest());

        try (WasmtimeRuntime fresh = new WasmtimeRuntime(4, Duration.ofMillis(10))) {
            assertThatExceptionOfType(FaasException.class).isThrownBy(() -> fresh.run(tampered.request("")))
                    .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.INTERNAL))
                    .withMessageContaining("SHA-256");
            assertThat(fresh.cachedModules()).isZero();
        }
    }

    @Test
    void missingModuleFileIsFunctionNotFound() {
        WasmModule gone = new WasmModule("gone", dir.resolve("gone.wasm"), WasmModules.sha256(new byte[0]));
        WasmModule relative = new WasmModule("relative", Path.of("hello.wasm"), hello.digest());
        WasmModule undigested = new WasmModule("undigested", hello.file(), "not-a-digest");

        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(gone.request("")))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.FUNCTION_NOT_FOUND));
        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(undigested.request("")))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
        try (WasmtimeRuntime fresh = new WasmtimeRuntime(4, Duration.ofMillis(10))) {
            assertThatExceptionOfType(FaasException.class).isThrownBy(() -> fresh.run(relative.request("")))
                    .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
        }
    }

    @Test
    void invalidModulesAreRefusedWithTheirReason() throws IOException {
        WasmModule garbage = WasmModules.wat(dir, "garbage", "this is not wasm");
        WasmModule library = WasmModules.wat(dir, "library", "(module (func (export \"add\")))");
        WasmModule foreign = WasmModules.wat(dir, "foreign",
                "(module (import \"env\" \"launch\" (func)) (func (export \"_start\")))");

        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(garbage.request("")))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR));
        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(library.request("")))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
                .withMessageContaining("_start");
        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> runtime.run(foreign.request("")))
                .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
                .withMessageContaining("env.launch");
    }

    @Test
    void concurrentInvocationsEachGetTheirOwnOutput() throws Exception {
        int count = 16;
        CountDownLatch ready = new CountDownLatch(count);
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            List<Future<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                InvocationRequest request = hello.request(("payload " + i).repeat(100 + i));
                results.add(threads.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return runtime.run(request);
                }));
            }
            for (int i = 0; i < count; i++) {
                InvocationResult result = results.get(i).get();
                assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
                assertThat(result.stdout()).isEqualTo("Hello from FAAS!\n" + ("payload " + i).repeat(100 + i));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void invalidUtf8OutputIsReplaced() {
        byte[] input = {'a', (byte) 0xff, 'b'};

        InvocationResult result = runtime.run(hello.request(input, List.of(), Map.of(), Limits.DEFAULTS));

        assertThat(result.stdout()).isEqualTo("Hello from FAAS!\na\uFFFDb");
        assertThat(new String(input, StandardCharsets.UTF_8)).isEqualTo("a\uFFFDb");
    }

    private WasmModule loop() {
        return WasmModules.compileC(dir, "loop", """
                int main(void) {
                    volatile unsigned long spins = 0;
                    for (;;) {
                        spins++;
                    }
                }
                """);
    }
}
