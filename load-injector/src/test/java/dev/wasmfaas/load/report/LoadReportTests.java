package dev.wasmfaas.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadReportTests {

    /** 100 latencies below 2048 µs, which a 3-digit histogram holds exactly: 90 × 100 µs, 9 × 1 ms, 1 × 2 ms. */
    private static Histogram knownHistogram() {
        Histogram micros = Latency.newHistogram();
        micros.recordValueWithCount(100, 90);
        micros.recordValueWithCount(1000, 9);
        micros.recordValue(2000);
        return micros;
    }

    private static LoadReport report() {
        return new LoadReport("hello", 4, 100, 95, Duration.ofMillis(2500), Latency.of(knownHistogram()),
                new TreeMap<>(Map.of("429", 3L, "200", 95L, "502", 1L, "200_fn_failed", 1L)));
    }

    @Test
    void readsPercentilesInMillisecondsFromMicroseconds() {
        assertThat(Latency.of(knownHistogram())).isEqualTo(new Latency(0.1, 0.1, 1.0, 2.0, 2.0, 0.2));
    }

    @Test
    void printsFixedKeysInAFixedOrderThenTheStatusesSortedWithIoAlwaysLast() {
        assertThat(report().toKeyValue()).isEqualTo("""
                fn=hello
                concurrency=4
                requests=100
                ok=95
                errors=5
                duration_s=2.500
                throughput_rps=40.0
                latency_ms_p50=0.100
                latency_ms_p90=0.100
                latency_ms_p99=1.000
                latency_ms_p999=2.000
                latency_ms_max=2.000
                latency_ms_mean=0.200
                status_200=95
                status_200_fn_failed=1
                status_429=3
                status_502=1
                status_io=0
                """);
    }

    @Test
    void printsTheSameKeysAndValuesAsOneJsonObject() {
        assertThat(report().toJson()).isEqualTo("{\"fn\":\"hello\",\"concurrency\":4,\"requests\":100,\"ok\":95,"
                + "\"errors\":5,\"duration_s\":2.500,\"throughput_rps\":40.0,\"latency_ms_p50\":0.100,"
                + "\"latency_ms_p90\":0.100,\"latency_ms_p99\":1.000,\"latency_ms_p999\":2.000,"
                + "\"latency_ms_max\":2.000,\"latency_ms_mean\":0.200,\"status_200\":95,\"status_200_fn_failed\":1,"
                + "\"status_429\":3,\"status_502\":1,\"status_io\":0}");
    }

    @Test
    void aRunWhereNothingWasAnsweredPrintsZerosRatherThanNothing() {
        LoadReport report = new LoadReport("hello", 1, 3, 0, Duration.ZERO, Latency.of(Latency.newHistogram()),
                new TreeMap<>(Map.of("io", 3L)));

        assertThat(report.toKeyValue()).contains("errors=3\n", "duration_s=0.000\n", "throughput_rps=0.0\n",
                "latency_ms_p50=0.000\n", "latency_ms_max=0.000\n", "latency_ms_mean=0.000\n")
                .endsWith("latency_ms_mean=0.000\nstatus_io=3\n");
    }

    @Test
    void quotesTheFunctionNameInJson() {
        LoadReport report = new LoadReport("a\"b\\c", 1, 0, 0, Duration.ZERO, Latency.of(Latency.newHistogram()),
                new TreeMap<>());

        assertThat(report.toJson()).startsWith("{\"fn\":\"a\\\"b\\\\c\",");
    }
}
