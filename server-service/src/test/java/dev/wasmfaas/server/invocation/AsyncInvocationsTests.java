package dev.wasmfaas.server.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.config.ServerProperties;

class AsyncInvocationsTests {

    @Test
    void runsOneAtATimeAndAbandonsWhatWaitsWhenTheServerStops() throws Exception {
        ServerProperties p = TestProperties.in(Path.of("unused"));
        AsyncInvocations async = new AsyncInvocations(new ServerProperties(p.socket(), p.functionsDir(),
                p.runtimeDir(), p.balancer(), p.pool(), p.compile(), p.limits(), p.drainTimeout(), p.activations(),
                new ServerProperties.Async(2, 1)));
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch bothDone = new CountDownLatch(2);

        assertThat(async.tryReserve()).isTrue();
        async.start(() -> {
            events.add("first ran");
            firstRunning.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, () -> events.add("first abandoned"), bothDone::countDown);
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(async.tryReserve()).isTrue();
        async.start(() -> events.add("second ran"), () -> events.add("second abandoned"), bothDone::countDown);

        assertThat(async.tryReserve()).as("two pending at most").isFalse();
        async.destroy();

        assertThat(bothDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactlyInAnyOrder("first ran", "second abandoned");
        assertThat(async.tryReserve()).as("places are given back").isTrue();
    }

    @Test
    void runsWhatWaitsInTheOrderItWasStarted() throws Exception {
        ServerProperties p = TestProperties.in(Path.of("unused"));
        int jobs = 200;
        AsyncInvocations async = new AsyncInvocations(new ServerProperties(p.socket(), p.functionsDir(),
                p.runtimeDir(), p.balancer(), p.pool(), p.compile(), p.limits(), p.drainTimeout(), p.activations(),
                new ServerProperties.Async(jobs, 1)));
        List<Integer> order = new CopyOnWriteArrayList<>();
        CountDownLatch allDone = new CountDownLatch(jobs);
        try {
            for (int i = 0; i < jobs; i++) {
                int job = i;
                assertThat(async.tryReserve()).isTrue();
                async.start(() -> order.add(job), () -> { }, allDone::countDown);
            }
            assertThat(allDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, jobs).boxed().toList());
        } finally {
            async.destroy();
        }
    }
}
