package dev.wasmfaas.server.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.invocation.BalancerClient;

/**
 * Keeps its positions (from {@code faas.server.pool.size}, then as many as the autoscaler asks for)
 * filled with worker processes registered with the balancer, plus {@code spares} started ones in
 * reserve. A worker that exits is unregistered at once and a ready spare takes its position, so the
 * pool is whole again in the time of one registration; a new spare then starts in the background.
 * The pool grows by new positions at its end and shrinks from its end: that worker drains at the
 * balancer (no new call, its calls in flight finish), then stops. The pool starts before the
 * server's socket opens and stops after it closes.
 */
@Component
public class WorkerPool implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final ServerProperties.Pool settings;
    private final WorkerLauncher launcher;
    private final WorkerReadiness readiness;
    private final BalancerClient balancer;
    private final WorkerDrain drain;
    private final Map<String, WorkerProcess> workers = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger size;
    private final AtomicInteger filling = new AtomicInteger();
    private final AtomicInteger draining = new AtomicInteger();
    private final ReentrantLock replenishing = new ReentrantLock();
    private volatile boolean running;
    private List<CompletableFuture<WorkerProcess>> launching;

    WorkerPool(ServerProperties properties, WorkerLauncher launcher, WorkerReadiness readiness,
            BalancerClient balancer) {
        this.settings = properties.pool();
        this.launcher = launcher;
        this.readiness = readiness;
        this.balancer = balancer;
        this.drain = new WorkerDrain(balancer);
        this.size = new AtomicInteger(settings.size());
        this.launching = launch();
    }

    @Override
    public void start() {
        running = true;
        // Ctrl-C reaches the workers with the server: from the first moment of shutdown, exits are not replaced.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running = false, "worker-pool-shutdown"));
        List<WorkerProcess> started = launching.stream().map(CompletableFuture::join).toList();
        launching = List.of();
        for (int position = 1; position <= settings.size(); position++) {
            enlist(started.get(position - 1), position);
        }
        log.info("worker pool ready: {} workers; {} spare starting", settings.size(), Math.max(0, settings.spares()));
        // The spares start once the pool serves: on two cores, starting them with it delays the whole start.
        Thread.ofVirtual().name("worker-spares").start(this::replenishSpares);
    }

    // The worker JVMs start as soon as the pool exists, while the rest of the server's context is still being
    // built: a worker's start is the longest part of the server's.
    private List<CompletableFuture<WorkerProcess>> launch() {
        List<CompletableFuture<WorkerProcess>> starting = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            starting.add(CompletableFuture.supplyAsync(() -> startReady(true), Thread.ofVirtual()::start));
        }
        return starting;
    }

    /** A context that failed to start never starts the pool: the workers launched for it go with it. */
    @Override
    public void destroy() {
        if (running) {
            return;
        }
        for (WorkerProcess worker : workers.values()) {
            worker.process().destroyForcibly();
        }
    }

    /** Every worker process of the pool, registered ones first by position, then the spares. */
    public List<PooledWorker> workers() {
        return workers.values().stream()
                .map(w -> new PooledWorker(w.id(), w.position(), w.pid(), w.endpoint().toString(), w.state(),
                        w.position() == 0 ? 0 : settings.weightOf(w.position()), settings.slots(), w.startedAt()))
                .sorted(Comparator.comparing((PooledWorker w) -> w.position() == 0).thenComparing(PooledWorker::position)
                        .thenComparing(PooledWorker::id))
                .toList();
    }

    /** How many registered workers were replaced since the server started. */
    public int restarts() {
        return restarts.get();
    }

    // A worker started for a position is claimed from its launch: until it is enlisted its position is 0, and a
    // spare count or a dead worker's replacement must not take it for a spare.
    private WorkerProcess startReady(boolean forPosition) {
        WorkerProcess worker = launcher.start("worker-" + nextId.incrementAndGet());
        if (forPosition) {
            worker.claim();
        }
        workers.put(worker.id(), worker);
        worker.process().onExit().thenRun(() -> onExit(worker));
        readiness.await(worker, settings.startTimeout());
        worker.state(WorkerState.READY);
        return worker;
    }

    private void enlist(WorkerProcess worker, int position) {
        worker.position(position);
        int weight = settings.weightOf(position);
        launcher.share(worker, weight);
        readiness.retry(() -> balancer.register(new WorkerRegistration(worker.id(), worker.endpoint().toString(),
                worker.pid(), settings.slots(), weight)), settings.startTimeout());
        log.info("{} ready at position {} (pid {}, weight {})", worker.id(), position, worker.pid(), weight);
    }

    private void onExit(WorkerProcess worker) {
        boolean retired = worker.state() == WorkerState.DRAINING;
        worker.state(WorkerState.DEAD);
        workers.remove(worker.id(), worker);
        launcher.removeFiles(worker);
        if (!running) {
            return;
        }
        int position = worker.position();
        log.warn("{} (pid {}) exited with {}", worker.id(), worker.pid(), worker.process().exitValue());
        if (position > 0 && !retired) {
            restarts.incrementAndGet();
            unregister(worker);
            replace(position);
        }
        Thread.ofVirtual().start(this::replenishSpares);
    }

    private void unregister(WorkerProcess worker) {
        try {
            balancer.unregister(worker.id());
        } catch (RuntimeException ex) {
            log.warn("cannot unregister {}: {}", worker.id(), ex.getMessage());
        }
    }

    private void replace(int position) {
        fill(position, false);
    }

    // Fills a position with a ready spare, or with a new worker; a new position that cannot be filled is given back.
    private void fill(int position, boolean added) {
        Optional<WorkerProcess> spare = claimSpare(position);
        filling.incrementAndGet();
        Thread.ofVirtual().start(() -> {
            try {
                WorkerProcess worker = spare.orElseGet(() -> startReady(true));
                enlist(worker, position);
            } catch (RuntimeException ex) {
                log.error("cannot fill position {}: {}", position, ex.getMessage());
                if (added) {
                    size.compareAndSet(position, position - 1);
                }
            } finally {
                filling.decrementAndGet();
            }
            // A replaced worker's exit starts a new spare already.
            if (spare.isPresent() && added) {
                replenishSpares();
            }
        });
    }

    /**
     * Adds positions at the end of the pool, up to its most ({@code autoscale.max}); each is filled by a
     * spare when one is ready, else by a new worker, in the background.
     *
     * @return how many positions were added
     */
    public synchronized int grow(int count) {
        int added = 0;
        while (added < count && running && size.get() < settings.maxSize()) {
            int position = size.incrementAndGet();
            added++;
            log.info("pool grows to {} workers: filling position {}", position, position);
            fill(position, true);
        }
        return added;
    }

    /**
     * Gives up the pool's last position, never below {@code size}: its worker drains at the balancer,
     * then stops. Nothing happens while that position is still being filled.
     *
     * @return whether a worker was taken out
     */
    public synchronized boolean shrink() {
        int position = size.get();
        if (!running || position <= settings.size()) {
            return false;
        }
        Optional<WorkerProcess> last = workers.values().stream()
                .filter(w -> w.position() == position && w.state() == WorkerState.READY).findFirst();
        if (last.isEmpty()) {
            return false;
        }
        WorkerProcess worker = last.get();
        worker.state(WorkerState.DRAINING);
        size.decrementAndGet();
        draining.incrementAndGet();
        log.info("pool shrinks to {} workers: {} at position {} drains", position - 1, worker.id(), position);
        Thread.ofVirtual().name(worker.id() + "-drain").start(() -> retire(worker));
        return true;
    }

    /** The pool's positions, workers in rotation, positions being filled and workers draining, now. */
    public PoolSize size() {
        int ready = (int) workers.values().stream()
                .filter(w -> w.position() > 0 && w.state() == WorkerState.READY).count();
        return new PoolSize(size.get(), ready, filling.get(), draining.get());
    }

    // Out of rotation at the balancer, its calls in flight finished (or the drain timeout passed), then stopped.
    private void retire(WorkerProcess worker) {
        try {
            drain.drain(worker.id(), settings.autoscale().drainTimeout());
            unregister(worker);
            worker.process().destroy();
            awaitExit(worker, settings.stopTimeout());
            log.info("{} drained and stopped", worker.id());
        } finally {
            draining.decrementAndGet();
        }
    }

    // One spare for one position, even when two workers die at the same moment.
    private synchronized Optional<WorkerProcess> claimSpare(int position) {
        Optional<WorkerProcess> spare = workers.values().stream()
                .filter(w -> w.spare() && w.state() == WorkerState.READY && w.alive()).findFirst();
        spare.ifPresent(w -> {
            w.claim();
            w.position(position);
        });
        return spare;
    }

    private void replenishSpares() {
        // One at a time: an exit and a grown position may both have claimed a spare.
        replenishing.lock();
        try {
            startSpares();
        } finally {
            replenishing.unlock();
        }
    }

    private void startSpares() {
        long spares = workers.values().stream().filter(w -> w.spare() && w.alive()).count();
        for (long i = spares; i < settings.spares() && running; i++) {
            try {
                startReady(false);
            } catch (RuntimeException ex) {
                log.error("cannot start a spare worker: {}", ex.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        for (WorkerProcess worker : workers.values()) {
            if (worker.position() > 0) {
                try {
                    balancer.unregister(worker.id());
                } catch (RuntimeException ex) {
                    log.debug("cannot unregister {}: {}", worker.id(), ex.getMessage());
                }
            }
            worker.state(WorkerState.DRAINING);
            worker.process().destroy();
        }
        for (WorkerProcess worker : workers.values()) {
            awaitExit(worker, settings.stopTimeout());
            launcher.removeFiles(worker);
        }
        log.info("worker pool stopped");
    }

    private static void awaitExit(WorkerProcess worker, Duration timeout) {
        try {
            if (!worker.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                worker.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            worker.process().destroyForcibly();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // Before the web server (which starts late and stops early), so the pool outlives requests.
    @Override
    public int getPhase() {
        return 0;
    }
}
