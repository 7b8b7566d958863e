package dev.wasmfaas.balancer.selection;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.wasmfaas.balancer.registry.Worker;

/**
 * A strict rotation over workers in the order of their ids. It remembers the id of the last pick
 * rather than an index, so the rotation keeps its order when workers join or leave.
 */
final class Rotation {

    private final AtomicReference<String> lastId = new AtomicReference<>();

    /** The candidate after the previous pick, or {@code null} when there is none. */
    Worker next(List<Worker> candidates) {
        if (candidates.isEmpty()) {
            return null;
        }
        while (true) {
            String previous = lastId.get();
            Worker next = successor(candidates, previous);
            if (lastId.compareAndSet(previous, next.id())) {
                return next;
            }
        }
    }

    // The smallest id after the previous pick, wrapping around to the smallest id of all.
    private static Worker successor(List<Worker> candidates, String previous) {
        Worker first = null;
        Worker next = null;
        for (Worker worker : candidates) {
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
