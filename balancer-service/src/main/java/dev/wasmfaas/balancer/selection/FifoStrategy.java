package dev.wasmfaas.balancer.selection;

import java.util.List;
import java.util.Optional;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.contract.Strategy;

/**
 * FIFO: no worker is chosen for a waiting invocation. An arrival starts at once on a worker with a
 * free slot (in rotation, to spread light load); otherwise it waits in the shared line, which any
 * freed slot serves oldest first. Nothing is waiting while a slot is free, so order is kept.
 */
public final class FifoStrategy implements SelectionStrategy {

    private final Rotation rotation = new Rotation();

    @Override
    public Strategy kind() {
        return Strategy.FIFO;
    }

    @Override
    public Optional<Worker> select(List<Worker> ready) {
        List<Worker> free = ready.stream().filter(worker -> worker.freeSlots() > 0).toList();
        return Optional.ofNullable(rotation.next(free));
    }
}
