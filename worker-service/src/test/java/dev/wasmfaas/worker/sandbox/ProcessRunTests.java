package dev.wasmfaas.worker.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain processes, no sandbox: how a run is fed, read, capped and stopped. */
class ProcessRunTests {

    static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void feedsStdinAndKeepsStdoutAndStderrApart() throws Exception {
        ProcessRun.Outcome outcome = ProcessRun.run(List.of("/bin/sh", "-c", "cat; echo oops >&2; exit 4"),
                bytes("in ✓"), TEN_SECONDS, 1024);

        assertThat(text(outcome.stdout())).isEqualTo("in ✓");
        assertThat(text(outcome.stderr())).isEqualTo("oops\n");
        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.stop()).isNull();
    }

    @Test
    void aProcessThatReadsNoInputStillEnds() throws Exception {
        ProcessRun.Outcome outcome = ProcessRun.run(List.of("/bin/sh", "-c", "echo done"), new byte[4 * 1024 * 1024],
                TEN_SECONDS, 1024);

        assertThat(outcome.exitCode()).isZero();
        assertThat(text(outcome.stdout())).isEqualTo("done\n");
    }

    @Test
    void inheritsNothingOfTheWorkersEnvironment() throws Exception {
        ProcessRun.Outcome outcome = ProcessRun.run(List.of("/usr/bin/env"), new byte[0], TEN_SECONDS, 1024);

        assertThat(text(outcome.stdout())).isEqualTo("PATH=/usr/bin:/bin\n");
    }

    @Test
    void runsInTheRootDirectoryNotTheWorkers() throws Exception {
        ProcessRun.Outcome outcome = ProcessRun.run(List.of("/bin/sh", "-c", "pwd; echo \"$PWD\""), new byte[0],
                TEN_SECONDS, 1024);

        assertThat(text(outcome.stdout())).isEqualTo("/\n/\n");
    }

    @Test
    void theTimeoutKillsTheWholeTree() throws Exception {
        long started = System.nanoTime();
        ProcessRun.Outcome outcome = ProcessRun.run(List.of("/bin/sh", "-c",
                "sleep 31 & sleep 31 & echo started; wait"), new byte[0], Duration.ofMillis(300), 1024);

        assertThat(outcome.stop()).isEqualTo(ProcessRun.Stop.TIMEOUT);
        assertThat(text(outcome.stdout())).isEqualTo("started\n");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
        assertThat(Scripts.processesRunning("sleep 31")).isZero();
    }

    @Test
    void outputPastTheCapIsCutAndStopsTheProcess() throws Exception {
        ProcessRun.Outcome outcome = ProcessRun.run(List.of("/bin/sh", "-c", "echo 12345 >&2; yes"), new byte[0],
                TEN_SECONDS, 1000);

        assertThat(outcome.stop()).isEqualTo(ProcessRun.Stop.OUTPUT_LIMIT);
        assertThat(outcome.stdout().length + outcome.stderr().length).isEqualTo(1000);
        assertThat(text(outcome.stdout())).startsWith("y\ny\n");
    }

    @Test
    void outputExactlyAtTheCapIsWhole() throws Exception {
        ProcessRun.Outcome outcome = ProcessRun.run(List.of("/bin/sh", "-c", "printf 1234"), new byte[0],
                TEN_SECONDS, 4);

        assertThat(outcome.stop()).isNull();
        assertThat(text(outcome.stdout())).isEqualTo("1234");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
