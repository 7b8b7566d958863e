package dev.wasmfaas.server.invocation;

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

    AsyncInvocations(ServerProperties properties) {
        this.pending = new Semaphore(properties.async().maxPending());
        this.running = new Semaphore(properties.async().concurrency(), true);
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
        try {
            executor.execute(() -> run(task, abandoned, done));
        } catch (RejectedExecutionException ex) {
            abandon(abandoned, done);
        }
    }

    private void run(Runnable task, Runnable abandoned, Runnable done) {
        try {
            running.acquire();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            abandon(abandoned, done);
            return;
        }
        // A place freed by a task interrupted at shutdown may reach a waiter before its own interrupt does.
        if (executor.isShutdown()) {
            running.release();
            abandon(abandoned, done);
            return;
        }
        try {
            task.run();
        } finally {
            running.release();
            pending.release();
            done.run();
        }
    }

    private void abandon(Runnable abandoned, Runnable done) {
        try {
            abandoned.run();
        } finally {
            pending.release();
            done.run();
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
