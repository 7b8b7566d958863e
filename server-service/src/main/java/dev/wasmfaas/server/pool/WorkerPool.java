package dev.wasmfaas.server.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.invocation.BalancerClient;

/**
 * Keeps {@code faas.server.pool.size} worker processes running and registered with the
 * balancer. It starts before the server's socket opens (so a listening server has a ready
 * pool) and stops after it closes; a worker that exits while the pool runs is unregistered
 * and replaced.
 */
@Component
class WorkerPool implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final ServerProperties.Pool settings;
    private final WorkerLauncher launcher;
    private final WorkerReadiness readiness;
    private final BalancerClient balancer;
    private final Map<String, WorkerProcess> workers = new ConcurrentHashMap<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile boolean running;

    WorkerPool(ServerProperties properties, WorkerLauncher launcher, WorkerReadiness readiness,
            BalancerClient balancer) {
        this.settings = properties.pool();
        this.launcher = launcher;
        this.readiness = readiness;
        this.balancer = balancer;
    }

    @Override
    public void start() {
        running = true;
        // Ctrl-C reaches the workers with the server: from the first moment of shutdown, exits are not restarted.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running = false, "worker-pool-shutdown"));
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (int i = 1; i <= settings.size(); i++) {
            String id = "worker-" + i;
            starting.add(CompletableFuture.runAsync(() -> spawn(id), Thread.ofVirtual()::start));
        }
        starting.forEach(CompletableFuture::join);
        log.info("worker pool ready: {} workers", workers.size());
    }

    private void spawn(String id) {
        WorkerProcess worker = launcher.start(id);
        workers.put(id, worker);
        worker.process().onExit().thenRun(() -> onExit(worker));
        readiness.await(worker, settings.startTimeout());
        readiness.retry(() -> balancer.register(new WorkerRegistration(id, worker.endpoint().toString(),
                worker.pid(), settings.slots(), settings.slots())), settings.startTimeout());
        log.info("{} ready (pid {})", id, worker.pid());
    }

    private void onExit(WorkerProcess worker) {
        launcher.removeSocket(worker);
        if (!running || workers.get(worker.id()) != worker) {
            return;
        }
        log.warn("{} (pid {}) exited with {}; starting a replacement", worker.id(), worker.pid(),
                worker.process().exitValue());
        try {
            balancer.unregister(worker.id());
        } catch (RuntimeException ex) {
            log.warn("cannot unregister {}: {}", worker.id(), ex.getMessage());
        }
        restarts.incrementAndGet();
        Thread.ofVirtual().start(() -> {
            try {
                spawn(worker.id());
            } catch (RuntimeException ex) {
                log.error("cannot restart {}: {}", worker.id(), ex.getMessage());
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        for (WorkerProcess worker : workers.values()) {
            try {
                balancer.unregister(worker.id());
            } catch (RuntimeException ex) {
                log.debug("cannot unregister {}: {}", worker.id(), ex.getMessage());
            }
            worker.process().destroy();
        }
        for (WorkerProcess worker : workers.values()) {
            awaitExit(worker, settings.stopTimeout());
            launcher.removeSocket(worker);
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

    int restartCount() {
        return restarts.get();
    }

    List<WorkerProcess> workers() {
        return List.copyOf(workers.values());
    }
}
