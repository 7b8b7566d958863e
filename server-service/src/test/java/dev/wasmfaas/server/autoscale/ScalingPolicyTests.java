package dev.wasmfaas.server.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.server.autoscale.ScalingPolicy.Decision;
import dev.wasmfaas.server.autoscale.ScalingPolicy.PoolLoad;
import dev.wasmfaas.server.config.ServerProperties;

class ScalingPolicyTests {

    // 4 slots at 0.5: 2 running or waiting per worker; 1 to 5 workers; windows of 60 s and 6 s, 30 s before fewer.
    private final ScalingPolicy policy = new ScalingPolicy(pool(1, 5));

    @Test
    void aBurstPanicsAndGrowsThePoolAtOnce() {
        feed(0, 10, 1.0, new PoolLoad(1, 1, 0));

        Decision decision = policy.decide(11_000, 12, new PoolLoad(1, 1, 0));

        // The 6 s window averages (5 x 1 + 12) / 6 = 2.8: 2 workers, twice the one ready.
        assertThat(decision.panic()).isTrue();
        assertThat(decision.desired()).isEqualTo(2);
        assertThat(decision.stableConcurrency()).isCloseTo(23.0 / 12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(decision.reason()).startsWith("panic:");
        // (4 x 1 + 3 x 12) / 7 over 6..12 s, both included: 3 workers.
        assertThat(policy.decide(12_000, 12, new PoolLoad(2, 1, 0)).desired()).isEqualTo(3);
    }

    @Test
    void aSteadyLoadSizesThePoolOnTheStableWindowWithoutPanic() {
        Decision decision = feed(0, 60, 5.0, new PoolLoad(2, 2, 0));

        assertThat(decision.panic()).isFalse();
        assertThat(decision.desired()).isEqualTo(3);
        assertThat(decision.reason()).startsWith("stable:");
    }

    @Test
    void neverAboveTheMostNorBelowTheFewest() {
        assertThat(feed(0, 10, 1000, new PoolLoad(5, 5, 0)).desired()).isEqualTo(5);
        ScalingPolicy idle = new ScalingPolicy(pool(2, 5));
        assertThat(idle.decide(0, 0, new PoolLoad(2, 2, 0)).desired()).isEqualTo(2);
    }

    @Test
    void fewerWorkersOnlyAfterTheScaleDownDelayAndNotInPanic() {
        feed(0, 60, 9.0, new PoolLoad(5, 5, 0));
        // Quiet from 61 s: the 60 s average falls slowly (at 75 s, 46 x 9 / 61 asks for 4 workers), and the
        // 30 s delay holds the largest answer of its window, 5.
        Decision first = feed(61, 75, 0, new PoolLoad(5, 5, 0));
        assertThat(first.desired()).isEqualTo(5);
        assertThat(first.reason()).startsWith("holding: 4 workers asked for");
        Decision later = feed(76, 150, 0, new PoolLoad(5, 5, 0));
        assertThat(later.desired()).isEqualTo(1);
        assertThat(later.reason()).startsWith("quiet:");
    }

    @Test
    void aPanicHoldsThePoolForAStableWindow() {
        feed(0, 5, 0, new PoolLoad(1, 1, 0));
        assertThat(policy.decide(6_000, 30, new PoolLoad(1, 1, 0)).panic()).isTrue();
        Decision during = feed(7, 50, 0, new PoolLoad(3, 3, 0));
        assertThat(during.panic()).isTrue();
        assertThat(during.desired()).isEqualTo(3);
        Decision after = feed(51, 120, 0, new PoolLoad(3, 3, 0));
        assertThat(after.panic()).isFalse();
        assertThat(after.desired()).isEqualTo(1);
    }

    @Test
    void workersOutsideThePoolCarryTheirShare() {
        // 8 running or waiting; remote workers with 8 slots carry 4 of them at 0.5: the pool needs 2 for the rest.
        assertThat(feed(0, 60, 8.0, new PoolLoad(1, 1, 8)).desired()).isEqualTo(2);
        ScalingPolicy alone = new ScalingPolicy(pool(1, 5));
        Decision decision = null;
        for (int second = 0; second <= 60; second++) {
            decision = alone.decide(second * 1000L, 8.0, new PoolLoad(1, 1, 0));
        }
        assertThat(decision.desired()).isEqualTo(4);
    }

    // One sample a second from `from` to `to` seconds, both included; the last decision.
    private Decision feed(int from, int to, double concurrency, PoolLoad load) {
        Decision decision = null;
        for (int second = from; second <= to; second++) {
            decision = policy.decide(second * 1000L, concurrency, load);
        }
        return decision;
    }

    private static ServerProperties.Pool pool(int size, int max) {
        return new ServerProperties.Pool(size, Path.of("worker.jar"), "", List.of(), 4, List.of(), 1,
                Duration.ofSeconds(30), Duration.ofSeconds(5), null,
                new ServerProperties.Autoscale(max, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(6),
                        2.0, 0.5, Duration.ofSeconds(30), Duration.ofSeconds(30)));
    }
}
