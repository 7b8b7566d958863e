package dev.wasmfaas.worker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.worker.WasmModules;
import dev.wasmfaas.worker.wasm.WasmtimeRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The worker's in-process invocation of {@code functions/examples/hello.c}, compiled as the server
 * compiles C: stdin in, stdout captured, each run a fresh instance. Run by {@code bench/worker-jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx384m"})
public class InvocationBenchmark {

    private Path dir;
    private WasmtimeRuntime runtime;
    private InvocationRequest request;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("faas-jmh");
        Path source = Path.of(System.getProperty("faas.hello", "functions/examples/hello.c"));
        Path module = dir.resolve("hello.wasm");
        // The flags the server links C with (ClangCompiler): the stack first, the memory capped.
        Process clang = new ProcessBuilder("clang", "--target=wasm32-wasi", "-O2", "-Wl,--stack-first",
                "-Wl,-z,stack-size=1048576", "-Wl,--max-memory=134217728", "-o", module.toString(),
                source.toString()).redirectErrorStream(true).start();
        String diagnostics = new String(clang.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (clang.waitFor() != 0) {
            throw new IllegalStateException("clang failed: " + diagnostics);
        }
        runtime = new WasmtimeRuntime(new WasmtimeRuntime.Settings(16, Duration.ofMillis(10), null, 64, 128,
                256L << 20));
        request = new InvocationRequest("bench", "hello_1", "hello", "c", module.toString(),
                WasmModules.sha256(Files.readAllBytes(module)), "x".getBytes(StandardCharsets.UTF_8), List.of(),
                Map.of(), Limits.DEFAULTS);
        InvocationResult first = runtime.run(request);
        if (first.status() != InvocationStatus.SUCCESS || !first.stdout().equals("Hello from FAAS!\nx")) {
            throw new IllegalStateException("hello answered " + first);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        runtime.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    @Benchmark
    @Threads(1)
    public InvocationResult oneThread() {
        return runtime.run(request);
    }

    @Benchmark
    @Threads(2)
    public InvocationResult twoThreads() {
        return runtime.run(request);
    }
}
