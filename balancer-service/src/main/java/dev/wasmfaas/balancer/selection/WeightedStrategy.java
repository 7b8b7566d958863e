package dev.wasmfaas.balancer.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.contract.Strategy;

/**
 * WEIGHTED: each invocation is bound at arrival to the worker with the lowest load per weight, the
 * load being its running plus waiting invocations; ties go by rotation. A slow or busy worker keeps
 * a high load for longer, so it receives less.
 */
public final class WeightedStrategy implements SelectionStrategy {

    private final Rotation rotation = new Rotation();

    @Override
    public Strategy kind() {
        return Strategy.WEIGHTED;
    }

    @Override
    public Optional<Worker> select(List<Worker> ready) {
        List<Worker> lightest = new ArrayList<>();
        for (Worker worker : ready) {
            int order = lightest.isEmpty() ? -1 : compareLoad(worker, lightest.getFirst());
            if (order < 0) {
                lightest.clear();
            }
            if (order <= 0) {
                lightest.add(worker);
            }
        }
        return Optional.ofNullable(rotation.next(lightest));
    }

    // load(a)/weight(a) against load(b)/weight(b), cross-multiplied to stay exact.
    private static int compareLoad(Worker a, Worker b) {
        return Long.compare((long) load(a) * b.weight(), (long) load(b) * a.weight());
    }

    private static int load(Worker worker) {
        return worker.inFlight() + worker.queued();
    }
}
