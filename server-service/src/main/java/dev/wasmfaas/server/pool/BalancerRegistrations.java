package dev.wasmfaas.server.pool;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.server.invocation.BalancerClient;

/**
 * Keeps the balancer's registrations in step with the pool. At the start and then every {@link #PERIOD} it
 * lists the balancer's workers, registers again each registered worker of the pool that the balancer does not
 * list (by id and pid), and removes those the pool does not have. A balancer that restarted knows no worker:
 * the pool is back in it within one period of its return, without the pool itself noticing the restart; a
 * server started after a killed one clears that one's workers at once.
 */
@Component
class BalancerRegistrations implements SmartLifecycle {

    /** The period of the balancer's own health probes: one small call on an idle suite. */
    static final Duration PERIOD = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(BalancerRegistrations.class);

    private final WorkerPool pool;
    private final BalancerClient balancer;
    private volatile boolean running;
    private volatile boolean unreachable;
    private Thread thread;

    BalancerRegistrations(WorkerPool pool, BalancerClient balancer) {
        this.pool = pool;
        this.balancer = balancer;
    }

    /**
     * Registers what the balancer misses, and removes from it what the pool does not have (the workers of a
     * server that was killed, which could not unregister them); answers how many registrations it changed.
     */
    int reconcile() {
        // The balancer first: a worker the pool registers between the two reads is in the pool already.
        List<WorkerStatus> listed = balancer.workers();
        List<PooledWorker> pooled = pool.workers();
        Set<String> inBalancer = listed.stream().map(w -> key(w.id(), w.pid())).collect(Collectors.toSet());
        Set<String> inPool = pooled.stream().map(w -> key(w.id(), w.pid())).collect(Collectors.toSet());
        int changed = 0;
        for (WorkerStatus stray : listed) {
            // A remote worker (https://, on another host) registers itself with a lease: not this pool's to remove.
            if (stray.endpoint() != null && stray.endpoint().startsWith("https://")) {
                continue;
            }
            if (!inPool.contains(key(stray.id(), stray.pid()))
                    && pooled.stream().noneMatch(w -> w.id().equals(stray.id()))) {
                balancer.unregister(stray.id());
                log.warn("{} (pid {}) was registered with the balancer but is not in this pool: removed", stray.id(),
                        stray.pid());
                changed++;
            }
        }
        for (PooledWorker worker : pooled) {
            // One that died since the pool was read is the pool's to replace, not to register.
            if (worker.position() > 0 && worker.state() == WorkerState.READY
                    && !inBalancer.contains(key(worker.id(), worker.pid())) && alive(worker)) {
                balancer.register(new WorkerRegistration(worker.id(), worker.endpoint(), worker.pid(), worker.slots(),
                        worker.weight()));
                log.warn("{} (pid {}) was not registered with the balancer (restarted?): registered again",
                        worker.id(), worker.pid());
                changed++;
                if (!alive(worker)) {
                    balancer.unregister(worker.id());
                }
            }
        }
        return changed;
    }

    private static String key(String id, long pid) {
        return id + "/" + pid;
    }

    private void loop() {
        // At once first: a server started after a killed one finds that one's workers still registered.
        while (running) {
            try {
                reconcile();
                if (unreachable) {
                    log.info("the balancer answers again");
                    unreachable = false;
                }
            } catch (RuntimeException ex) {
                if (!unreachable) {
                    log.warn("cannot compare the pool with the balancer's workers: {}", ex.getMessage());
                    unreachable = true;
                }
            }
            LockSupport.parkNanos(PERIOD.toNanos());
        }
    }

    private static boolean alive(PooledWorker worker) {
        return ProcessHandle.of(worker.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("balancer-registrations").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // After the pool (phase 0) has registered its workers, and stopped before it.
    @Override
    public int getPhase() {
        return 1;
    }
}
