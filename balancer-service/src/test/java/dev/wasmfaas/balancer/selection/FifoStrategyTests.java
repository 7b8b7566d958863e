package dev.wasmfaas.balancer.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.contract.Strategy;
import dev.wasmfaas.common.contract.WorkerRegistration;

class FifoStrategyTests {

    private final FifoStrategy strategy = new FifoStrategy();

    @Test
    void startsOnAWorkerWithAFreeSlotInRotation() {
        Worker w1 = worker("w1");
        Worker w2 = worker("w2");

        assertThat(strategy.select(List.of(w2, w1))).contains(w1);
        assertThat(strategy.select(List.of(w2, w1))).contains(w2);
        w1.started();
        assertThat(strategy.select(List.of(w2, w1))).contains(w2);
    }

    @Test
    void waitsInTheSharedLineWhenEverySlotIsBusy() {
        Worker w1 = worker("w1");
        w1.started();

        assertThat(strategy.select(List.of(w1))).isEmpty();
    }

    @Test
    void eachKindHasItsClass() {
        for (Strategy kind : Strategy.values()) {
            assertThat(SelectionStrategy.of(kind).kind()).isEqualTo(kind);
        }
        assertThat(SelectionStrategy.of(Strategy.FIFO)).isInstanceOf(FifoStrategy.class);
        assertThat(SelectionStrategy.of(Strategy.WEIGHTED)).isInstanceOf(WeightedStrategy.class);
        assertThat(SelectionStrategy.of(Strategy.RR)).isInstanceOf(RoundRobinStrategy.class);
    }

    private static Worker worker(String id) {
        return new Worker(new WorkerRegistration(id, "http://127.0.0.1:1", 1, 1, 1), Instant.now());
    }
}
