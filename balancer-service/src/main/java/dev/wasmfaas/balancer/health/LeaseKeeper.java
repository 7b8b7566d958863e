package dev.wasmfaas.balancer.health;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.balancer.scheduling.SlotScheduler;

/**
 * Drops every remote worker whose lease ran out (it renews every third of it): its host died, or cannot reach
 * the balancer. Its calls in flight fail as {@code worker-lost}. Looked at twice a second.
 */
@Component
class LeaseKeeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
    private static final long PERIOD_MILLIS = 500;

    private final WorkerRegistry registry;
    private final SlotScheduler scheduler;
    private volatile ScheduledExecutorService timer;

    LeaseKeeper(WorkerRegistry registry, SlotScheduler scheduler) {
        this.registry = registry;
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("leases").factory());
        timer.scheduleWithFixedDelay(this::dropExpired, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void dropExpired() {
        try {
            long now = System.nanoTime();
            for (Worker worker : registry.all()) {
                if (worker.leaseExpired(now)) {
                    scheduler.drop(worker, "its lease of " + worker.registration().leaseMs() + " ms ran out");
                }
            }
        } catch (RuntimeException ex) {
            log.warn("lease round failed: {}", ex.toString());
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
