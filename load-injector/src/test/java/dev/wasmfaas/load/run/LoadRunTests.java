package dev.wasmfaas.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.wasmfaas.load.options.LoadOptions;
import dev.wasmfaas.load.report.LoadReport;
import dev.wasmfaas.load.run.FakeGateway.Answer;

/** Runs against a real local HTTP server; a hang guard only, no assertion on time. */
@Timeout(60)
class LoadRunTests {

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    /** By arrival: 429 for one in ten, a failed function for one in ten, a closed connection for one in fifty. */
    private static Answer mixed(int index) {
        if (index % 50 == 11) {
            return Answer.CLOSE;
        }
        return switch (index % 10) {
            case 3 -> Answer.TOO_MANY;
            case 7 -> Answer.FUNCTION_FAILED;
            default -> Answer.OK;
        };
    }

    private LoadReport run(boolean terminal, String... args) throws InterruptedException {
        Progress lines = new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8), terminal);
        return new LoadRun(LoadOptions.parse(args), lines).run();
    }

    @Test
    void countsEveryRequestByHowItEndedAfterAnUnmeasuredWarmup() throws Exception {
        try (FakeGateway gateway = new FakeGateway(LoadRunTests::mixed)) {
            LoadReport report = run(false, "--fn", "hello", "--url", gateway.url(), "--concurrency", "8",
                    "--requests", "200", "--warmup", "10", "--payload", "ping");

            // The warmup took arrivals 0-9, the measured phase 10-209: 20 of each status in ten, 11/61/111/161 closed.
            assertThat(report.requests()).isEqualTo(200);
            assertThat(gateway.received()).isEqualTo(10 + 200);
            assertThat(report.statuses()).containsExactly(Map.entry("200", 156L), Map.entry("200_fn_failed", 20L),
                    Map.entry("429", 20L), Map.entry("io", 4L));
            assertThat(report.ok()).isEqualTo(156);
            assertThat(report.errors()).isEqualTo(44);
            assertThat(report.concurrency()).isEqualTo(8);
            assertThat(report.latency().p50()).isPositive().isLessThanOrEqualTo(report.latency().max());
            assertThat(gateway.requests).containsExactly("POST /invoke?fn=hello ping");
        }
    }

    @Test
    void aDurationStopsTheRunByItselfAndEveryRequestSentIsCounted() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> Answer.OK)) {
            LoadReport report = run(false, "--fn", "hello", "--url", gateway.url(), "--concurrency", "4",
                    "--duration", "300ms");

            assertThat(report.requests()).isPositive().isEqualTo(gateway.received());
            assertThat(report.statuses()).containsExactly(Map.entry("200", report.requests()), Map.entry("io", 0L));
        }
    }

    @Test
    void aRequestOverItsTimeoutIsATransportFailure() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> index == 0 ? Answer.HANG : Answer.OK)) {
            LoadReport report = run(false, "--fn", "hello", "--url", gateway.url(), "--concurrency", "1",
                    "--requests", "3", "--timeout", "200ms");

            assertThat(report.statuses()).containsExactly(Map.entry("200", 2L), Map.entry("io", 1L));
            assertThat(gateway.received()).isEqualTo(3);
        }
    }

    @Test
    void showsOneProgressLinePerTickAndAFinalOneWhenNotOnATerminal() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> Answer.OK)) {
            run(false, "--fn", "hello", "--url", gateway.url(), "--requests", "20", "--warmup", "5");
        }

        String text = progress.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\r");
        assertThat(text.lines().filter(line -> line.endsWith("done")))
                .satisfiesExactly(line -> assertThat(line)
                        .matches("\\[load] warmup +[0-9.]+s  requests 5  rate \\d+/s  errors 0  done"),
                        line -> assertThat(line)
                        .matches("\\[load] measure +[0-9.]+s  requests 20  rate \\d+/s  errors 0  done"));
    }

    @Test
    void rewritesOneLineOnATerminal() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> Answer.OK)) {
            run(true, "--fn", "hello", "--url", gateway.url(), "--requests", "20");
        }

        String text = progress.toString(StandardCharsets.UTF_8);
        // Every update starts with a carriage return; only the last one ends the line.
        assertThat(text).startsWith("\r[load] measure").contains("requests 20 ").endsWith("done\n");
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
    }

    @Test
    void stoppedBeforeItStartsItSendsNothing() throws Exception {
        try (FakeGateway gateway = new FakeGateway(index -> Answer.OK)) {
            LoadRun run = new LoadRun(LoadOptions.parse("--fn", "hello", "--url", gateway.url(), "--warmup", "5"),
                    new Progress(new PrintStream(progress, true, StandardCharsets.UTF_8), false));
            run.stop();

            LoadReport report = run.run();

            assertThat(report.requests()).isZero();
            assertThat(gateway.received()).isZero();
        }
    }
}
