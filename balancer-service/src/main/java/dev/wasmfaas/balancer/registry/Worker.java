package dev.wasmfaas.balancer.registry;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.lane.InvocationLane;

/**
 * One registered worker: what the server announced, and what the balancer has seen of it since.
 * A replacement registration creates a new entry, so counters belong to one worker process.
 * The scheduler changes its state, slots and line under its lock; readers see each value on its own.
 */
public final class Worker {

    private final WorkerRegistration registration;
    private final Endpoint endpoint;
    private final Endpoint lane;
    private final Instant registeredAt;
    private final URI invokeUri;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final InFlightCalls calls = new InFlightCalls();
    private volatile WorkerState state = WorkerState.READY;
    private volatile long leaseEnd;

    /** @throws IllegalArgumentException when the registration's endpoint is not one */
    public Worker(WorkerRegistration registration, Instant registeredAt) {
        this.registration = registration;
        this.endpoint = Endpoint.parse(registration.endpoint());
        // A worker registers once it listens, its invocation lane too.
        this.lane = InvocationLane.of(endpoint);
        this.registeredAt = registeredAt;
        this.invokeUri = uri("/invoke");
        renewLease(System.nanoTime());
    }

    /** Whether it is a remote worker, which holds its place by renewing a lease. */
    public boolean leased() {
        return registration.leased();
    }

    /** Its lease runs again from {@code now} ({@link System#nanoTime()}); no-op for a worker without one. */
    public void renewLease(long now) {
        if (leased()) {
            leaseEnd = now + registration.leaseMs() * 1_000_000L;
        }
    }

    /** Whether its lease ran out before {@code now}: it did not renew in time (its host died or is cut off). */
    public boolean leaseExpired(long now) {
        return leased() && now - leaseEnd > 0;
    }

    public String id() {
        return registration.id();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Where its invocations go: its invocation lane, or its endpoint when it serves none. */
    public Endpoint lane() {
        return lane;
    }

    /** The address of one of its HTTP resources ({@code /invoke}, {@code /actuator/health}). */
    public URI uri(String path) {
        return URI.create(endpoint.baseUri().toString().replaceFirst("/+$", "") + path);
    }

    /** Where its invocations go, made once. */
    public URI invokeUri() {
        return invokeUri;
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

    /** How many invocations it runs at once. */
    public int slots() {
        return registration.slots();
    }

    /** Its WEIGHTED share: the registered weight, or its number of slots when none was given. */
    public int weight() {
        return registration.weight() > 0 ? registration.weight() : registration.slots();
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Invocations bound to it and waiting for one of its slots. */
    public int queued() {
        return queued.get();
    }

    public int freeSlots() {
        return Math.max(0, slots() - inFlight.get());
    }

    /** Takes it out of rotation for good: removed, or replaced by a new process under its id. */
    public void markDead() {
        state = WorkerState.DEAD;
    }

    /** Out of rotation until it passes a health check again. */
    public void markUnhealthy() {
        state = WorkerState.UNHEALTHY;
    }

    /** Out of rotation for good; its calls in flight go on to their end. */
    public void markDraining() {
        state = WorkerState.DRAINING;
    }

    public void markReady() {
        state = WorkerState.READY;
    }

    /** An invocation took one of its slots; must be followed by {@link #completed()} or {@link #failed()}. */
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

    /** Its waiting line grew or shrank by {@code delta}. */
    public void lineChanged(int delta) {
        queued.addAndGet(delta);
    }

    /** @return false when the worker is already gone: the caller must not send the call */
    public boolean track(InFlightCall call) {
        return calls.track(call);
    }

    public void untrack(InFlightCall call) {
        calls.untrack(call);
    }

    /** Fails every call in flight on it now, and every call tracked from now on, with {@link WorkerRemovedException}. */
    public void abortCalls() {
        calls.abortAll(new WorkerRemovedException(id()));
    }

    public WorkerStatus status() {
        return new WorkerStatus(registration.id(), registration.endpoint(), registration.pid(), registration.slots(),
                weight(), state, inFlight.get(), queued.get(), completed.get(), failed.get(), registeredAt);
    }
}
