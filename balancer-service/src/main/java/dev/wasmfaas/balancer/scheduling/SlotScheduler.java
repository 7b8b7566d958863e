package dev.wasmfaas.balancer.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerInFlightGauges;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.balancer.selection.SelectionStrategy;
import dev.wasmfaas.common.contract.Strategy;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemHandlerSupport;

/**
 * Hands out worker slots. Every decision (admission, a freed slot, a worker joining or leaving, a
 * change of strategy) is taken under one lock, so an invocation is never granted twice, never lost
 * between lines, and never overtaken by a later arrival that waits for the same slots.
 */
@Service
public class SlotScheduler {

    private static final Logger log = LoggerFactory.getLogger(SlotScheduler.class);

    private final WorkerRegistry registry;
    private final WorkerInFlightGauges gauges;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final WaitingLines lines = new WaitingLines();
    private volatile SelectionStrategy strategy;
    private long arrivals;

    public SlotScheduler(WorkerRegistry registry, WorkerInFlightGauges gauges, BalancerProperties properties) {
        this.registry = registry;
        this.gauges = gauges;
        this.capacity = properties.queueCapacity();
        this.strategy = SelectionStrategy.of(properties.strategy());
    }

    /**
     * Admits an invocation: it holds a slot at once, or waits in a line.
     *
     * @throws FaasException {@code no-worker} when no worker is ready, {@code queue-full} when it would
     *         have to wait and every waiting place is taken
     */
    public Ticket admit() {
        lock.lock();
        try {
            List<Worker> ready = registry.ready();
            if (ready.isEmpty()) {
                throw noWorker();
            }
            Ticket ticket = new Ticket(++arrivals);
            place(ticket, ready);
            if (!ticket.isGranted() && lines.total() > capacity) {
                lines.remove(ticket);
                throw new FaasException(ErrorKind.QUEUE_FULL, "all " + capacity
                        + " waiting places are taken (faas.balancer.queue-capacity); retry later",
                        Map.of(ProblemHandlerSupport.RETRY_AFTER, 1, "queueCapacity", capacity));
            }
            return ticket;
        } finally {
            lock.unlock();
        }
    }

    /** The invocation holding a slot of this worker ended; the slot goes to the oldest invocation waiting for it. */
    public void release(Worker worker, boolean completed) {
        lock.lock();
        try {
            if (completed) {
                worker.completed();
            } else {
                worker.failed();
            }
            serve(worker);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The call never reached the worker, so it never ran: the worker leaves rotation (as unhealthy),
     * and the invocation waits again with its original arrival place.
     */
    public void redeliver(Ticket ticket, Worker worker) {
        lock.lock();
        try {
            worker.failed();
            ticket.rearm();
            List<Ticket> moved = new ArrayList<>(List.of(ticket));
            if (leaveRotation(worker, "cannot be reached")) {
                moved.addAll(lines.drain(worker));
            }
            placeAgain(moved);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The worker cannot be reached, or broke a call's connection: out of rotation until it passes a health check
     * again, and what waits for it goes to the others.
     */
    public void takeOutOfRotation(Worker worker, String why) {
        lock.lock();
        try {
            if (leaveRotation(worker, why)) {
                placeAgain(lines.drain(worker));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives up a ticket whose thread stops waiting, and the slot it may have been granted meanwhile. */
    public void withdraw(Ticket ticket) {
        lock.lock();
        try {
            if (!lines.remove(ticket) && ticket.grantedWorker() != null) {
                release(ticket.grantedWorker(), false);
            }
            ticket.refuse(new FaasException(ErrorKind.SHUTTING_DOWN, "the invocation was withdrawn"));
        } finally {
            lock.unlock();
        }
    }

    /** Registers a worker; the same registration again keeps the entry, a new one replaces (and retires) it. */
    public Worker register(WorkerRegistration registration) {
        lock.lock();
        try {
            Worker previous = registry.find(registration.id()).orElse(null);
            if (previous != null && previous.registration().equals(registration)
                    && previous.state() != WorkerState.DEAD) {
                // The same registration again: a remote worker renewing its lease.
                previous.renewLease(System.nanoTime());
                return previous;
            }
            Worker worker = registry.register(registration);
            gauges.added(worker.id());
            if (previous != null) {
                retire(previous);
            }
            serveAll();
            return worker;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a worker: its calls in flight fail at once, the invocations waiting for it go to other workers. */
    public Optional<Worker> remove(String id) {
        lock.lock();
        try {
            Optional<Worker> removed = registry.remove(id);
            removed.ifPresent(worker -> {
                gauges.removed(id);
                retire(worker);
            });
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes this worker, unless another registration has replaced it meanwhile: its calls in flight fail as
     * {@code worker-lost} at once. A remote worker that registers again later is a new entry.
     */
    public boolean drop(Worker worker, String why) {
        lock.lock();
        try {
            if (!isCurrent(worker)) {
                return false;
            }
            log.warn("worker {} ({}) dropped: {}; {} calls in flight on it fail", worker.id(), worker.endpoint(), why,
                    worker.inFlight());
            remove(worker.id());
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drains a worker before it stops: it takes no new invocation, the ones waiting for it go to other
     * workers, and its calls in flight go on to their end. Its status shows when none is left.
     */
    public Optional<Worker> drain(String id) {
        lock.lock();
        try {
            Optional<Worker> found = registry.find(id);
            found.filter(worker -> worker.state() != WorkerState.DEAD && worker.state() != WorkerState.DRAINING)
                    .ifPresent(worker -> {
                        worker.markDraining();
                        log.info("worker {} drains ({} in flight)", id, worker.inFlight());
                        evacuate(worker);
                    });
            return found;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a worker that failed its health checks out of rotation; what waits for it goes elsewhere. */
    public void markUnhealthy(Worker worker) {
        lock.lock();
        try {
            if (isCurrent(worker) && worker.state() == WorkerState.READY) {
                worker.markUnhealthy();
                log.warn("worker {} fails its health checks: out of rotation", worker.id());
                evacuate(worker);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Puts a worker that passes its health check again back into rotation. */
    public void markHealthy(Worker worker) {
        lock.lock();
        try {
            if (isCurrent(worker) && worker.state() == WorkerState.UNHEALTHY) {
                worker.markReady();
                log.info("worker {} is healthy again: back in rotation", worker.id());
                serve(worker);
            }
        } finally {
            lock.unlock();
        }
    }

    public Strategy strategy() {
        return strategy.kind();
    }

    /** Changes the strategy; every waiting invocation is placed again under it, oldest first. */
    public Strategy switchTo(Strategy kind) {
        lock.lock();
        try {
            if (strategy.kind() != kind) {
                strategy = SelectionStrategy.of(kind);
                List<Ticket> waiting = lines.drainAll();
                placeAgain(waiting);
                serveAll();
                log.info("strategy is now {} ({} waiting invocations moved)", kind, waiting.size());
            }
            return kind;
        } finally {
            lock.unlock();
        }
    }

    /** Invocations waiting for a slot, over all lines. */
    public int waiting() {
        return lines.total();
    }

    public int capacity() {
        return capacity;
    }

    private void place(Ticket ticket, List<Worker> ready) {
        Worker worker = strategy.select(ready).orElse(null);
        lines.add(ticket, worker);
        if (worker != null) {
            serve(worker);
        } else {
            serveAll();
        }
    }

    private void serve(Worker worker) {
        while (worker.isReady() && worker.freeSlots() > 0) {
            Ticket next = lines.pollFor(worker);
            if (next == null) {
                return;
            }
            worker.started();
            next.grant(worker);
        }
    }

    private void serveAll() {
        registry.ready().forEach(this::serve);
    }

    private void retire(Worker worker) {
        worker.markDead();
        worker.abortCalls();
        evacuate(worker);
    }

    // Health probes bring it back if it answers again; a gone process is removed by the server soon anyway.
    private boolean leaveRotation(Worker worker, String why) {
        if (!isCurrent(worker) || worker.state() != WorkerState.READY) {
            return false;
        }
        worker.markUnhealthy();
        log.warn("worker {} at {} {}: out of rotation", worker.id(), worker.endpoint(), why);
        return true;
    }

    private void evacuate(Worker worker) {
        placeAgain(lines.drain(worker));
    }

    // Placed again oldest first, so each keeps its arrival place; with no ready worker left, nothing can wait.
    private void placeAgain(List<Ticket> tickets) {
        tickets.sort(Comparator.comparingLong(Ticket::arrival));
        List<Worker> ready = registry.ready();
        if (ready.isEmpty()) {
            tickets.addAll(lines.drainAll());
            tickets.forEach(ticket -> ticket.refuse(noWorker()));
            return;
        }
        tickets.forEach(ticket -> place(ticket, ready));
    }

    private boolean isCurrent(Worker worker) {
        return registry.find(worker.id()).orElse(null) == worker;
    }

    private static FaasException noWorker() {
        return new FaasException(ErrorKind.NO_WORKER, "no worker is ready to take the invocation");
    }
}
