package dev.wasmfaas.balancer.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.contract.WorkerRegistration;

class WeightedStrategyTests {

    private final WeightedStrategy strategy = new WeightedStrategy();

    @Test
    void sharesRunningInvocationsInProportionToTheWeights() {
        List<Worker> ready = List.of(worker("w1", 16, 1), worker("w3", 16, 3));

        Map<String, Long> picks = pickAndStart(ready, 400);

        assertThat(picks).containsOnly(Map.entry("w1", 100L), Map.entry("w3", 300L));
    }

    @Test
    void waitingInvocationsCountAsLoad() {
        Worker busy = worker("w1", 1, 1);
        Worker idle = worker("w2", 1, 1);
        busy.lineChanged(2);

        assertThat(strategy.select(List.of(busy, idle))).contains(idle);
    }

    @Test
    void theWeightDefaultsToTheNumberOfSlots() {
        List<Worker> ready = List.of(worker("w1", 1, 0), worker("w4", 4, 0));

        assertThat(pickAndStart(ready, 50)).containsOnly(Map.entry("w1", 10L), Map.entry("w4", 40L));
    }

    @Test
    void tiesGoByRotation() {
        List<Worker> ready = List.of(worker("w2", 1, 1), worker("w1", 1, 1), worker("w3", 1, 1));

        assertThat(IntStream.range(0, 6).mapToObj(i -> strategy.select(ready).orElseThrow().id()))
                .containsExactly("w1", "w2", "w3", "w1", "w2", "w3");
        assertThat(strategy.select(List.of())).isEmpty();
    }

    // Every pick stays running, as under saturating load.
    private Map<String, Long> pickAndStart(List<Worker> ready, int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            Worker picked = strategy.select(ready).orElseThrow();
            picked.started();
            return picked.id();
        }).collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    private static Worker worker(String id, int slots, int weight) {
        return new Worker(new WorkerRegistration(id, "http://127.0.0.1:1", 1, slots, weight), Instant.now());
    }
}
