package dev.wasmfaas.worker.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.worker.WasmModules;
import dev.wasmfaas.worker.WasmModules.WasmModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every WASI call on a descriptor, from a C module of its own ({@code src/test/resources/wasi/<call>.c})
 * run in the real runtime with stdin {@value #INPUT}: each module checks the errno (and results) of the
 * raw {@code __wasi_*} call on stdin, stdout, stderr and a bad descriptor against Wasmtime's answers,
 * one printed line per check, and exits 1 on a mismatch.
 */
class WasiStdioCallsTests {

    static final String INPUT = "0123456789";
    private static final Pattern EXPECTATION = Pattern.compile("\\bEXPECT_(ERRNO|EQ)\\(");
    private static final Map<String, WasmModule> MODULES = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;

    static WasmtimeRuntime runtime;

    @BeforeAll
    static void start() throws IOException {
        runtime = new WasmtimeRuntime(64, Duration.ofMillis(10));
        Files.writeString(dir.resolve("check.h"), resource("check.h"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    static Stream<String> calls() {
        return Arrays.stream(DescriptorCall.values()).map(DescriptorCall::importName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void answersAsWasmtimeDoes(String call) {
        InvocationResult result = run(call);

        String lines = result.stdout() + result.stderr();
        assertThat(lines).doesNotContain("MISMATCH");
        assertThat(result.status()).as(lines).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.exitCode()).isZero();
        assertThat(lines).as("every check printed its line").contains(expectations(call) + " checks, 0 mismatches\n");
    }

    @Test
    void shutdownOfStdoutIsNotASocketAndTheFunctionGoesOn() {
        InvocationResult result = run("sock_shutdown");

        assertThat(result.stdout()).contains("""
                shutdown(STDOUT_FILENO, SHUT_WR) -> -1
                errno -> NOTSOCK
                """, "still running after shutdown\n");
        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
    }

    @Test
    void closedStdoutKeepsWhatWasWrittenBeforeAndRefusesTheRest() {
        InvocationResult result = run("fd_close");

        assertThat(result.stdout()).isEqualTo("before close\n");
        assertThat(result.stderr()).contains("__wasi_fd_write(1, &out, 1, &count) -> BADF\n");
    }

    @Test
    void renumberedStreamsStillReachTheirOutput() {
        InvocationResult result = run("fd_renumber");

        assertThat(result.stdout()).contains("__wasi_fd_fdstat_get(10, &stat) -> SUCCESS\n")
                .doesNotContain("__wasi_fd_renumber(2, 1)");
        assertThat(result.stderr()).startsWith("__wasi_fd_renumber(2, 1) -> SUCCESS\n");
    }

    @Test
    void writesThatFailWriteNothing() {
        assertThat(run("fd_write").stdout()).contains("abcd\n").doesNotContain("LOST");
        assertThat(run("fd_write").stderr()).isEqualTo("abcd\ncd\n");
        assertThat(run("fd_pwrite").stdout()).doesNotContain("PWRITTEN");
        assertThat(run("sock_send").stdout()).doesNotContain("SENT");
    }

    private static InvocationResult run(String call) {
        WasmModule module = MODULES.computeIfAbsent(call,
                name -> WasmModules.compileC(dir, name, resource(name + ".c")));
        return runtime.run(module.request(INPUT));
    }

    private static int expectations(String call) {
        Matcher matcher = EXPECTATION.matcher(resource(call + ".c"));
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static String resource(String name) {
        try (InputStream in = WasiStdioCallsTests.class.getResourceAsStream("/wasi/" + name)) {
            assertThat(in).as("test resource wasi/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
