package dev.wasmfaas.balancer.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * The workers the server has registered, by id. Safe for concurrent reads; membership changes go
 * through the scheduler, which must see them in step with its waiting lines.
 */
@Component
public class WorkerRegistry {

    private final ConcurrentMap<String, Worker> workers = new ConcurrentHashMap<>();
    // Another balancer's versions never match this one's: a restart shows as a change.
    private final String incarnation = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final AtomicLong changes = new AtomicLong();

    /** Registers a worker, or replaces the one with the same id (a restarted process); it is ready at once. */
    public Worker register(WorkerRegistration registration) {
        Worker worker = newWorker(registration);
        workers.put(worker.id(), worker);
        changes.incrementAndGet();
        return worker;
    }

    public Optional<Worker> remove(String id) {
        Optional<Worker> removed = Optional.ofNullable(workers.remove(id));
        removed.ifPresent(worker -> changes.incrementAndGet());
        return removed;
    }

    /** Changes with every registration and removal, and from one start of the balancer to the next. */
    public String version() {
        return incarnation + "-" + changes.get();
    }

    public Optional<Worker> find(String id) {
        return Optional.ofNullable(workers.get(id));
    }

    /** Every registered worker, whatever its state. */
    public List<Worker> all() {
        return List.copyOf(workers.values());
    }

    /** The workers that may take an invocation now, in no particular order. */
    public List<Worker> ready() {
        // Taken for every invocation under the scheduler's lock: a plain loop rather than a stream.
        List<Worker> ready = new ArrayList<>(workers.size());
        for (Worker worker : workers.values()) {
            if (worker.isReady()) {
                ready.add(worker);
            }
        }
        return ready;
    }

    public int readyCount() {
        return (int) workers.values().stream().filter(Worker::isReady).count();
    }

    public List<WorkerStatus> statuses() {
        return workers.values().stream().map(Worker::status).sorted(Comparator.comparing(WorkerStatus::id)).toList();
    }

    private static Worker newWorker(WorkerRegistration registration) {
        if (registration.id() == null || registration.id().isBlank()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "a worker needs an id");
        }
        if (registration.slots() < 1 || registration.weight() < 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "a worker needs slots >= 1 and weight >= 0");
        }
        if (registration.leased() && registration.leaseMs() < 1) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "a lease is a positive number of milliseconds");
        }
        try {
            return new Worker(registration, Instant.now());
        } catch (IllegalArgumentException ex) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "bad endpoint for worker " + registration.id() + ": "
                    + ex.getMessage());
        }
    }
}
