package dev.wasmfaas.balancer.selection;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmfaas.balancer.registry.Worker;

/**
 * Strict rotation over the ready workers in the order of their ids. It remembers the id of the
 * last pick rather than an index, so the rotation keeps its order when workers join or leave.
 */
public final class RoundRobinStrategy implements SelectionStrategy {

    private final AtomicReference<String> lastId = new AtomicReference<>();

    @Override
    public Optional<Worker> select(List<Worker> ready) {
        if (ready.isEmpty()) {
            return Optional.empty();
        }
        while (true) {
            String previous = lastId.get();
            Worker next = successor(ready, previous);
            if (lastId.compareAndSet(previous, next.id())) {
                return Optional.of(next);
            }
        }
    }

    // The smallest id after the previous pick, wrapping around to the smallest id of all.
    private static Worker successor(List<Worker> ready, String previous) {
        Worker first = null;
        Worker next = null;
        for (Worker worker : ready) {
            String id = worker.id();
            if (first == null || id.compareTo(first.id()) < 0) {
                first = worker;
            }
            if (previous != null && id.compareTo(previous) > 0 && (next == null || id.compareTo(next.id()) < 0)) {
                next = worker;
            }
        }
        return next != null ? next : first;
    }
}
