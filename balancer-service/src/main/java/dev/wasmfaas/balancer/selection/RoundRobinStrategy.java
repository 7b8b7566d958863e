package dev.wasmfaas.balancer.selection;

import java.util.List;
import java.util.Optional;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.contract.Strategy;

/** RR: each invocation is bound at arrival to the next ready worker in strict rotation, busy or not. */
public final class RoundRobinStrategy implements SelectionStrategy {

    private final Rotation rotation = new Rotation();

    @Override
    public Strategy kind() {
        return Strategy.RR;
    }

    @Override
    public Optional<Worker> select(List<Worker> ready) {
        return Optional.ofNullable(rotation.next(ready));
    }
}
