package dev.wasmfaas.balancer.selection;

import java.util.List;
import java.util.Optional;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.contract.Strategy;

/**
 * Where an arriving invocation waits: bound to one worker (it starts when that worker has a free
 * slot and nothing older is waiting for it), or in the shared line, from which the next slot freed
 * on any worker takes the oldest invocation. One class per {@link Strategy}; the scheduler calls it
 * under its lock, with the waiting lines and slot counts of the workers at that moment.
 */
public interface SelectionStrategy {

    /** Which strategy this is. */
    Strategy kind();

    /**
     * @param ready the workers in rotation now, in no particular order
     * @return the worker the invocation is bound to, or empty to leave it in the shared line
     */
    Optional<Worker> select(List<Worker> ready);

    /** A fresh strategy of this kind, with its rotation at the start. */
    static SelectionStrategy of(Strategy kind) {
        return switch (kind) {
            case RR -> new RoundRobinStrategy();
            case FIFO -> new FifoStrategy();
            case WEIGHTED -> new WeightedStrategy();
        };
    }
}
