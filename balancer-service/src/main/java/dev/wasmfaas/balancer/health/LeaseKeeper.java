package dev.wasmfaas.balancer.health;

import java.time.Duration;

import org.springframework.stereotype.Component;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.balancer.scheduling.SlotScheduler;

/**
 * Drops every remote worker whose lease ran out (it renews every third of it): its host died, or cannot reach
 * the balancer. Its calls in flight fail as {@code worker-lost}. Looked at twice a second.
 */
@Component
class LeaseKeeper extends PeriodicRounds {

    private static final Duration PERIOD = Duration.ofMillis(500);

    private final WorkerRegistry registry;
    private final SlotScheduler scheduler;

    LeaseKeeper(WorkerRegistry registry, SlotScheduler scheduler) {
        super("leases");
        this.registry = registry;
        this.scheduler = scheduler;
    }

    @Override
    Duration period() {
        return PERIOD;
    }

    @Override
    void round() {
        long now = System.nanoTime();
        for (Worker worker : registry.all()) {
            if (worker.leaseExpired(now)) {
                scheduler.drop(worker, "its lease of " + worker.registration().leaseMs() + " ms ran out");
            }
        }
    }
}
