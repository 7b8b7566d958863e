package dev.wasmfaas.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.wasmfaas.load.run.FakeGateway;
import dev.wasmfaas.load.run.FakeGateway.Answer;
import dev.wasmfaas.load.run.Progress;

/** The command as a script sees it: exit status, stdout and stderr. A hang guard only, no assertion on time. */
@Timeout(60)
class LoadInjectorTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws InterruptedException {
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new LoadInjector(new PrintStream(out, true, StandardCharsets.UTF_8), errStream,
                new Progress(errStream, false)).run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** What a script would do with the report: split each line at its first '='. */
    private Map<String, String> report() {
        Map<String, String> values = new LinkedHashMap<>();
        stdout().lines().forEach(line -> values.put(line.substring(0, line.indexOf('=')),
                line.substring(line.indexOf('=') + 1)));
        return values;
    }

    @Test
    void aCompletedRunPrintsTheReportAndExitsZeroEvenWithErrors() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> index % 2 == 0 ? Answer.OK : Answer.TOO_MANY)) {
            assertThat(run("--fn", "hello", "--url", gateway.url(), "--requests", "10", "--concurrency", "2"))
                    .isEqualTo(LoadInjector.COMPLETED);
        }

        Map<String, String> report = report();
        assertThat(report.keySet()).containsExactly("fn", "concurrency", "requests", "ok", "errors", "duration_s",
                "throughput_rps", "latency_ms_p50", "latency_ms_p90", "latency_ms_p99", "latency_ms_p999",
                "latency_ms_max", "latency_ms_mean", "status_200", "status_429", "status_io");
        assertThat(report).containsEntry("fn", "hello").containsEntry("requests", "10").containsEntry("ok", "5")
                .containsEntry("errors", "5").containsEntry("status_200", "5").containsEntry("status_429", "5")
                .containsEntry("status_io", "0");
        assertThat(report.get("duration_s")).matches("\\d+\\.\\d{3}");
        assertThat(report.get("throughput_rps")).matches("\\d+\\.\\d");
        assertThat(report.get("latency_ms_p99")).matches("\\d+\\.\\d{3}");
        assertThat(stderr()).contains("[load] measure").doesNotContain("fn=hello");
    }

    @Test
    void jsonPrintsTheSameReportAsOneObjectOnOneLine() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> Answer.OK)) {
            assertThat(run("--fn", "hello", "--url", gateway.url(), "--requests", "3", "--json")).isZero();
        }

        assertThat(stdout()).startsWith("{\"fn\":\"hello\",\"concurrency\":8,\"requests\":3,\"ok\":3,\"errors\":0,")
                .endsWith(",\"status_200\":3,\"status_io\":0}\n")
                .containsOnlyOnce("\n");
    }

    @Test
    void exitsOneWhenNothingSucceededAndSaysWhy() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }

        assertThat(run("--fn", "hello", "--url", "http://127.0.0.1:" + closedPort, "--requests", "3"))
                .isEqualTo(LoadInjector.NOTHING_SUCCEEDED);

        assertThat(report()).containsEntry("requests", "3").containsEntry("ok", "0").containsEntry("status_io", "3");
        assertThat(stderr())
                .contains("load-injector: no request succeeded; first transport failure: java.net.ConnectException");
    }

    @Test
    void aFailedFunctionIsNoSuccess() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> Answer.FUNCTION_FAILED)) {
            assertThat(run("--fn", "hello", "--url", gateway.url(), "--requests", "2"))
                    .isEqualTo(LoadInjector.NOTHING_SUCCEEDED);
        }

        assertThat(report()).containsEntry("ok", "0").containsEntry("status_200_fn_failed", "2")
                .doesNotContainKey("status_200");
        assertThat(stderr()).contains("load-injector: no request succeeded\n");
    }

    @Test
    void badUsageExitsTwoWithTheReasonOnStderrAndNothingOnStdout() throws Exception {
        assertThat(run("--fn", "hello", "--requests", "10", "--duration", "5s")).isEqualTo(LoadInjector.BAD_USAGE);

        assertThat(stdout()).isEmpty();
        assertThat(stderr()).isEqualTo("""
                load-injector: give --requests or --duration, not both
                load-injector: --help lists the options
                """);
    }

    @Test
    void helpPrintsTheUsageOnStdoutAndExitsZero() throws Exception {
        assertThat(run("--fn", "hello", "--help")).isZero();

        assertThat(stdout()).startsWith("Usage: java -jar load-injector.jar --fn <id|name> [options]")
                .contains("--concurrency", "--requests", "--duration", "--payload-file", "--url", "--timeout",
                        "--warmup", "--json");
        assertThat(stderr()).isEmpty();
    }
}
