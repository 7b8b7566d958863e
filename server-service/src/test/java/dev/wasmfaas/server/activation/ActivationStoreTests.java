package dev.wasmfaas.server.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.server.config.ServerProperties;

class ActivationStoreTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));

    @Test
    void keepsTheNewestWithinTheCountAndListsThemNewestFirst() {
        ActivationStore store = store(3, Duration.ofHours(1), Long.MAX_VALUE);
        for (int i = 1; i <= 5; i++) {
            store.put(queued("a" + i, "hello", "hello_1"));
        }

        assertThat(store.size()).isEqualTo(3);
        assertThat(store.find("a1")).isEmpty();
        assertThat(store.find("a2")).isEmpty();
        assertThat(ids(store.recent(null, 10))).containsExactly("a5", "a4", "a3");
        assertThat(ids(store.recent("hello", 2))).containsExactly("a5", "a4");
    }

    @Test
    void forgetsWhatIsOlderThanTheMaximumAge() {
        ActivationStore store = store(100, Duration.ofMinutes(10), Long.MAX_VALUE);
        store.put(queued("old", "hello", "hello_1"));
        clock.advance(Duration.ofMinutes(6));
        store.put(queued("young", "hello", "hello_1"));

        clock.advance(Duration.ofMinutes(5));

        assertThat(store.find("old")).isEmpty();
        assertThat(store.find("young")).isPresent();
        assertThat(ids(store.recent("hello", 10))).containsExactly("young");
        clock.advance(Duration.ofMinutes(6));
        assertThat(store.recent(null, 10)).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void keepsTheRetainedOutputWithinItsBound() {
        ActivationStore store = store(100, Duration.ofHours(1), 10);
        store.put(finished("a1", "12345"));
        store.put(finished("a2", "12345"));
        assertThat(store.retainedBytes()).isEqualTo(10);

        store.put(finished("a3", "1234"));

        assertThat(ids(store.recent(null, 10))).containsExactly("a3", "a2");
        assertThat(store.retainedBytes()).isEqualTo(9);
        // One activation over the whole budget is still kept, alone.
        store.put(finished("a4", "x".repeat(50)));
        assertThat(ids(store.recent(null, 10))).containsExactly("a4");
    }

    @Test
    void anUpdateKeepsItsPlace() {
        ActivationStore store = store(2, Duration.ofHours(1), Long.MAX_VALUE);
        Activation first = queued("a1", "hello", "hello_1");
        store.put(first);
        store.put(queued("a2", "hello", "hello_1"));

        store.put(first.running(clock.instant()));
        store.put(queued("a3", "hello", "hello_1"));

        assertThat(store.find("a1")).isEmpty();
        assertThat(ids(store.recent(null, 10))).containsExactly("a3", "a2");
    }

    @Test
    void listsByVersionIdOrByName() {
        ActivationStore store = store(100, Duration.ofHours(1), Long.MAX_VALUE);
        store.put(queued("a1", "hello", "hello_1"));
        store.put(queued("a2", "other", "other_2"));
        store.put(queued("a3", "hello", "hello_3"));

        assertThat(ids(store.recent("hello", 10))).containsExactly("a3", "a1");
        assertThat(ids(store.recent("hello_1", 10))).containsExactly("a1");
        assertThat(ids(store.recent("other", 10))).containsExactly("a2");
        assertThat(store.recent("nobody", 10)).isEmpty();
    }

    @Test
    void cutsOutputAndStderrTogetherAtTheOutputCap() {
        Activation queued = queued("a1", "hello", "hello_1");
        InvocationResult result = new InvocationResult("a1", InvocationStatus.FAILED, 2, "ééé", "err", 3, "worker-1",
                null, false);

        Activation cut = queued.finished(result, "failed", 5, clock.instant());
        Activation whole = queued.finished(result, "failed", 9, clock.instant());

        // Two-byte characters are never split: 4 bytes of stdout fit in 5, then 1 byte of stderr.
        assertThat(cut.output()).isEqualTo("éé");
        assertThat(cut.stderr()).isEqualTo("e");
        assertThat(cut.truncated()).isTrue();
        assertThat(whole.output()).isEqualTo("ééé");
        assertThat(whole.stderr()).isEqualTo("err");
        assertThat(whole.truncated()).isFalse();
        assertThat(whole.exitCode()).isEqualTo(2);
    }

    @Test
    void staysConsistentUnderConcurrentInvocations() throws Exception {
        ActivationStore store = store(100, Duration.ofHours(1), 1_000);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String fn = "fn" + (t % 3);
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        Activation queued = queued("t" + thread + "-" + i, fn, fn + "_1");
                        store.put(queued);
                        store.put(queued.running(clock.instant()));
                        store.put(queued.finished(new InvocationResult(queued.activationId(),
                                InvocationStatus.SUCCESS, 0, "out", "", 1, "w", null, false), "success", 100,
                                clock.instant()));
                        store.recent(fn, 5);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(store.size()).isEqualTo(100);
        assertThat(store.retainedBytes()).isEqualTo(300);
        List<Activation> all = store.recent(null, 200);
        assertThat(all).hasSize(100).allMatch(a -> a.status().equals("success"));
        int perFunction = store.recent("fn0", 200).size() + store.recent("fn1", 200).size()
                + store.recent("fn2", 200).size();
        assertThat(perFunction).isEqualTo(100);
    }

    private ActivationStore store(int maxCount, Duration maxAge, long maxBytes) {
        return new ActivationStore(new ServerProperties.Activations(maxCount, maxAge, maxBytes, 30, 200), clock);
    }

    private Activation queued(String id, String name, String functionId) {
        return Activation.queued(id, name, functionId, false, 0, clock.instant());
    }

    private Activation finished(String id, String output) {
        return queued(id, "hello", "hello_1").finished(new InvocationResult(id, InvocationStatus.SUCCESS, 0, output,
                "", 1, "worker-1", null, false), "success", 1_000_000, clock.instant());
    }

    private static List<String> ids(List<Activation> activations) {
        return activations.stream().map(Activation::activationId).toList();
    }
}
