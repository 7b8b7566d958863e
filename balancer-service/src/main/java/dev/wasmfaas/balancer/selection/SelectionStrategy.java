package dev.wasmfaas.balancer.selection;

import java.util.List;
import java.util.Optional;

import dev.wasmfaas.balancer.registry.Worker;

/**
 * Chooses the worker for the next invocation. Called once per invocation from many request
 * threads at once, so implementations must be thread-safe; one class per configured strategy.
 */
public interface SelectionStrategy {

    /**
     * @param ready the workers in rotation now, in no particular order
     * @return the worker to send the invocation to, or empty when none of them can take it
     */
    Optional<Worker> select(List<Worker> ready);
}
