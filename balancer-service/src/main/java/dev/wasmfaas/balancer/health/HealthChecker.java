package dev.wasmfaas.balancer.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.balancer.scheduling.SlotScheduler;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.lane.LaneServer;

/**
 * Probes every live worker each {@code faas.balancer.health-interval}: {@code GET /health} on its invocation
 * lane (its liveness and readiness), or {@code GET /actuator/health} on its socket when it serves no lane.
 * Two failures in a row take a ready worker out of rotation; one success puts it back. A remote worker
 * ({@code https://}, with a lease) is dropped instead, its calls in flight failing as {@code worker-lost}: a
 * host cut off from the network leaves those calls hanging otherwise; it registers again when it can. Probes run
 * on their own threads, at most one per worker at a time, so a hung worker delays nobody else's.
 */
@Component
class HealthChecker extends PeriodicRounds {

    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

    static final int FAILURES_BEFORE_UNHEALTHY = 2;
    private static final int MAX_HEALTH_ANSWER_BYTES = 1024 * 1024;

    private final WorkerRegistry registry;
    private final SlotScheduler scheduler;
    private final ChannelHttpClient http;
    private final BalancerProperties properties;
    private final Map<Worker, Probe> probes = new ConcurrentHashMap<>();

    HealthChecker(WorkerRegistry registry, SlotScheduler scheduler, ChannelHttpClient http,
            BalancerProperties properties) {
        super("health");
        this.registry = registry;
        this.scheduler = scheduler;
        this.http = http;
        this.properties = properties;
    }

    @Override
    Duration period() {
        return properties.healthInterval();
    }

    @Override
    void round() {
        probes.keySet().retainAll(registry.all());
        for (Worker worker : registry.all()) {
            if (worker.state() != WorkerState.DEAD) {
                probes.computeIfAbsent(worker, w -> new Probe()).start(worker);
            }
        }
    }

    /** The probing of one worker process: whether a probe is out, and the failures in a row. */
    private final class Probe {

        private final AtomicBoolean pending = new AtomicBoolean();
        private int failures;

        void start(Worker worker) {
            if (!pending.compareAndSet(false, true)) {
                return;
            }
            // A thread per probe: one blocked on a hung worker holds nothing but itself. A platform thread: a virtual
            // thread reading a pooled connection turns its socket non-blocking for good, and every invocation's read
            // on it then costs two more system calls (a read that would block, then a poll).
            Thread.ofPlatform().daemon().name("health-" + worker.id()).start(() -> {
                ChannelResponse response = null;
                try {
                    // On the worker's lane where it has one: there the probe runs on code its invocations keep compiled.
                    boolean lane = !worker.lane().equals(worker.endpoint()) || worker.endpoint().isTls();
                    response = http.send(worker.lane(), ChannelRequest.of("GET",
                            lane ? LaneServer.HEALTH_PATH : "/actuator/health", properties.healthTimeout(),
                            MAX_HEALTH_ANSWER_BYTES));
                } catch (ChannelHttpException ex) {
                    log.debug("health probe of {} failed: {}", worker.id(), ex.getMessage());
                }
                finish(worker, response);
            });
        }

        private void finish(Worker worker, ChannelResponse response) {
            try {
                if (response != null && response.status() == 200) {
                    failures = 0;
                    scheduler.markHealthy(worker);
                } else if (++failures >= FAILURES_BEFORE_UNHEALTHY) {
                    if (worker.leased()) {
                        scheduler.drop(worker, "failed " + failures + " health probes in a row");
                    } else {
                        scheduler.markUnhealthy(worker);
                    }
                }
            } finally {
                pending.set(false);
            }
        }
    }
}
