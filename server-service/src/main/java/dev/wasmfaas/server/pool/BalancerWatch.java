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

import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.invocation.BalancerClient;

/**
 * Samples the balancer every {@code faas.server.pool.autoscale.tick} with one call ({@code GET /queue}), hands
 * the sample (the load) to the {@link LoadListener}s, and keeps the balancer's registrations in step with the
 * pool: whenever the sample's registrations version differs from the one last compared (at the start, after
 * any registration or removal, after a restart of the balancer), it lists the balancer's workers, registers
 * again each registered worker of the pool that the balancer does not list (by id and pid), and removes those
 * the pool does not have. A balancer that restarted knows no worker: the pool is back in it within one tick of
 * its return, without the pool itself noticing the restart; a server started after a killed one clears that
 * one's workers at once. On an idle suite this is one small call per tick.
 */
@Component
class BalancerWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BalancerWatch.class);

    private final WorkerPool pool;
    private final BalancerClient balancer;
    private final List<LoadListener> listeners;
    private final Duration tick;
    private volatile boolean running;
    private volatile boolean unreachable;
    private String compared;
    private Thread thread;

    BalancerWatch(WorkerPool pool, BalancerClient balancer, List<LoadListener> listeners,
            ServerProperties properties) {
        this.pool = pool;
        this.balancer = balancer;
        this.listeners = List.copyOf(listeners);
        this.tick = properties.pool().autoscale().tick();
    }

    /** One sample: the registrations compared again when they changed, then the load handed on. */
    void sample() {
        QueueStatus load = balancer.queue();
        if (!load.registrations().equals(compared)) {
            reconcile();
            // The version read before comparing: a change made meanwhile is compared at the next tick.
            compared = load.registrations();
        }
        for (LoadListener listener : listeners) {
            try {
                listener.sampled(load);
            } catch (RuntimeException ex) {
                // The balancer restarting under the autoscaler, say: the next sample is taken all the same.
                log.debug("{} failed on a sample: {}", listener.getClass().getSimpleName(), ex.toString());
            }
        }
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
                sample();
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
            LockSupport.parkNanos(tick.toNanos());
        }
    }

    private static boolean alive(PooledWorker worker) {
        return ProcessHandle.of(worker.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void start() {
        running = true;
        // A platform thread: a virtual one wakes a carrier and the JDK's poller for each read of every sample (a
        // tenth of a percent of a core in an idle server), and turns the pooled balancer connections non-blocking.
        thread = Thread.ofPlatform().daemon().name("balancer-watch").start(this::loop);
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
