package dev.wasmfaas.balancer.scheduling;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.error.FaasException;

/**
 * One admitted invocation's place: its arrival number orders every waiting line, and its grant
 * hands it the worker whose slot it may use. A request thread parks on the grant, not in a loop.
 */
public final class Ticket {

    private final long arrival;
    private volatile CompletableFuture<Worker> grant = new CompletableFuture<>();
    // The worker whose line it waits in, or null for the shared line; guarded by the scheduler's lock.
    private Worker line;

    Ticket(long arrival) {
        this.arrival = arrival;
    }

    long arrival() {
        return arrival;
    }

    /**
     * Blocks until a slot is granted.
     *
     * @return the worker whose slot this invocation now holds
     * @throws FaasException when it can no longer run anywhere ({@code no-worker})
     */
    public Worker awaitWorker() throws InterruptedException {
        try {
            return grant.get();
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof FaasException refusal) {
                throw refusal;
            }
            throw new IllegalStateException("the scheduler failed an invocation", ex.getCause());
        }
    }

    boolean isGranted() {
        return grant.isDone();
    }

    /** The worker it was granted, or {@code null} when it is still waiting or was refused. */
    Worker grantedWorker() {
        return grant.isCompletedExceptionally() ? null : grant.getNow(null);
    }

    void grant(Worker worker) {
        grant.complete(worker);
    }

    void refuse(FaasException reason) {
        grant.completeExceptionally(reason);
    }

    /** Makes it wait again after a grant whose call never reached the worker. */
    void rearm() {
        grant = new CompletableFuture<>();
    }

    Worker line() {
        return line;
    }

    void waitIn(Worker worker) {
        line = worker;
    }
}
