package dev.wasmfaas.server.invocation;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import dev.wasmfaas.server.config.ServerProperties;

/**
 * Runs asynchronous invocations in the background: at most {@code max-pending} accepted and not
 * finished, at most {@code concurrency} of them sent to the balancer at once (one virtual thread each),
 * the others waiting their turn in arrival order.
 */
@Component
final class AsyncInvocations implements DisposableBean {

    private final Semaphore pending;
    private final Semaphore running;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Job> waiting = new ConcurrentLinkedQueue<>();

    AsyncInvocations(ServerProperties properties) {
        this.pending = new Semaphore(properties.async().maxPending());
        this.running = new Semaphore(properties.async().concurrency());
    }

    /** Takes a place among the pending, or answers false at once when there is none. */
    boolean tryReserve() {
        return pending.tryAcquire();
    }

    /**
     * Starts a reserved invocation: {@code task} runs when its turn comes, {@code abandoned} instead when the
     * server stops first, and {@code done} after either.
     */
    void start(Runnable task, Runnable abandoned, Runnable done) {
        Job job = new Job(task, abandoned, done);
        waiting.add(job);
        try {
            executor.execute(this::runNext);
        } catch (RejectedExecutionException ex) {
            if (waiting.remove(job)) {
                job.abandon(pending);
            }
        }
    }

    // Each started job adds one thread; whichever thread gets a place runs the oldest job waiting, so jobs run in
    // the order they were started, not in the order their threads happened to reach the semaphore.
    private void runNext() {
        try {
            running.acquire();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            abandonNext();
            return;
        }
        // A place freed by a task interrupted at shutdown may reach a waiter before its own interrupt does.
        if (executor.isShutdown()) {
            running.release();
            abandonNext();
            return;
        }
        Job job = waiting.poll();
        if (job == null) {
            running.release();
            return;
        }
        try {
            job.task().run();
        } finally {
            running.release();
            pending.release();
            job.done().run();
        }
    }

    private void abandonNext() {
        Job job = waiting.poll();
        if (job != null) {
            job.abandon(pending);
        }
    }

    private record Job(Runnable task, Runnable abandoned, Runnable done) {
        void abandon(Semaphore pending) {
            try {
                abandoned.run();
            } finally {
                pending.release();
                done.run();
            }
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
