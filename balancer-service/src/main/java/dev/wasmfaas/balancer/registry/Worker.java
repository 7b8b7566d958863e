package dev.wasmfaas.balancer.registry;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.http.Endpoint;

/**
 * One registered worker: what the server announced, and what the balancer has seen of it since.
 * A replacement registration creates a new entry, so counters belong to one worker process.
 */
public final class Worker {

    private final WorkerRegistration registration;
    private final Endpoint endpoint;
    private final Instant registeredAt;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile WorkerState state = WorkerState.READY;

    /** @throws IllegalArgumentException when the registration's endpoint is not one */
    public Worker(WorkerRegistration registration, Instant registeredAt) {
        this.registration = registration;
        this.endpoint = Endpoint.parse(registration.endpoint());
        this.registeredAt = registeredAt;
    }

    public String id() {
        return registration.id();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public WorkerRegistration registration() {
        return registration;
    }

    public WorkerState state() {
        return state;
    }

    public boolean isReady() {
        return state == WorkerState.READY;
    }

    /** Takes it out of rotation until the server registers it again. */
    public void markDead() {
        state = WorkerState.DEAD;
    }

    /** An invocation was sent to it; must be followed by {@link #completed()} or {@link #failed()}. */
    public void started() {
        inFlight.incrementAndGet();
    }

    public void completed() {
        inFlight.decrementAndGet();
        completed.incrementAndGet();
    }

    public void failed() {
        inFlight.decrementAndGet();
        failed.incrementAndGet();
    }

    public WorkerStatus status() {
        return new WorkerStatus(registration.id(), registration.endpoint(), registration.pid(), registration.slots(),
                registration.weight(), state, inFlight.get(), completed.get(), failed.get(), registeredAt);
    }
}
