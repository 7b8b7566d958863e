package dev.wasmfaas.balancer.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.contract.WorkerRegistration;

class RoundRobinStrategyTests {

    private final RoundRobinStrategy strategy = new RoundRobinStrategy();

    @Test
    void picksNothingWhenNoWorkerIsReady() {
        assertThat(strategy.select(List.of())).isEmpty();
    }

    @Test
    void sharesEvenlyInStrictRotation() {
        List<Worker> ready = workers("w4", "w2", "w1", "w3");

        List<String> picks = picks(ready, 400);

        assertThat(picks.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting())))
                .containsOnly(Map.entry("w1", 100L), Map.entry("w2", 100L), Map.entry("w3", 100L),
                        Map.entry("w4", 100L));
        assertThat(picks.subList(0, 8)).containsExactly("w1", "w2", "w3", "w4", "w1", "w2", "w3", "w4");
    }

    @Test
    void rotationContinuesInOrderWhenAWorkerLeaves() {
        List<Worker> ready = new ArrayList<>(workers("w1", "w2", "w3", "w4"));
        assertThat(picks(ready, 2)).containsExactly("w1", "w2");

        ready.removeIf(worker -> worker.id().equals("w3"));

        assertThat(picks(ready, 6)).containsExactly("w4", "w1", "w2", "w4", "w1", "w2");
    }

    @Test
    void rotationContinuesWhenThePreviousPickLeaves() {
        List<Worker> ready = new ArrayList<>(workers("w1", "w2", "w3"));
        assertThat(picks(ready, 2)).containsExactly("w1", "w2");

        ready.removeIf(worker -> worker.id().equals("w2"));

        assertThat(picks(ready, 3)).containsExactly("w3", "w1", "w3");
    }

    @Test
    void aJoiningWorkerTakesItsTurn() {
        List<Worker> ready = new ArrayList<>(workers("w1", "w3"));
        assertThat(picks(ready, 1)).containsExactly("w1");

        ready.addAll(workers("w2"));

        assertThat(picks(ready, 4)).containsExactly("w2", "w3", "w1", "w2");
    }

    @Test
    void concurrentPicksStayEven() throws Exception {
        List<Worker> ready = workers("w1", "w2", "w3", "w4");
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(t -> threads.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    String id = strategy.select(ready).orElseThrow().id();
                    counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                }
            })).toList();
            for (Future<?> future : done) {
                future.get();
            }
        }
        assertThat(counts.values()).extracting(AtomicInteger::get).containsOnly(2000);
        assertThat(counts).hasSize(4);
    }

    private List<String> picks(List<Worker> ready, int count) {
        return IntStream.range(0, count).mapToObj(i -> strategy.select(ready).orElseThrow().id()).toList();
    }

    static List<Worker> workers(String... ids) {
        return Arrays.stream(ids)
                .map(id -> new Worker(new WorkerRegistration(id, "http://127.0.0.1:1", 1, 1, 1), Instant.now()))
                .toList();
    }
}
