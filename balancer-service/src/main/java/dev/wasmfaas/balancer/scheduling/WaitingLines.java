package dev.wasmfaas.balancer.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import dev.wasmfaas.balancer.registry.Worker;

/**
 * The invocations waiting for a slot: one line per worker they are bound to, and one shared line.
 * Every line is ordered by arrival, so an invocation put back keeps its place. Not thread-safe:
 * the scheduler's lock guards it.
 */
final class WaitingLines {

    private static final Comparator<Ticket> BY_ARRIVAL = Comparator.comparingLong(Ticket::arrival);

    private final Map<Worker, NavigableSet<Ticket>> byWorker = new HashMap<>();
    private final NavigableSet<Ticket> shared = new TreeSet<>(BY_ARRIVAL);
    // Volatile so the queue-depth gauge can read it without the lock.
    private volatile int total;

    /** @param worker the worker it is bound to, or {@code null} for the shared line */
    void add(Ticket ticket, Worker worker) {
        ticket.waitIn(worker);
        if (worker == null) {
            shared.add(ticket);
        } else {
            byWorker.computeIfAbsent(worker, w -> new TreeSet<>(BY_ARRIVAL)).add(ticket);
            worker.lineChanged(1);
        }
        total++;
    }

    /** Takes the oldest invocation this worker may run: from its own line or the shared one. */
    Ticket pollFor(Worker worker) {
        NavigableSet<Ticket> own = byWorker.get(worker);
        Ticket mine = own == null || own.isEmpty() ? null : own.first();
        Ticket common = shared.isEmpty() ? null : shared.first();
        if (mine == null && common == null) {
            return null;
        }
        Ticket oldest = common == null || (mine != null && mine.arrival() < common.arrival()) ? mine : common;
        remove(oldest);
        return oldest;
    }

    boolean remove(Ticket ticket) {
        Worker worker = ticket.line();
        NavigableSet<Ticket> line = worker == null ? shared : byWorker.get(worker);
        if (line == null || !line.remove(ticket)) {
            return false;
        }
        if (worker != null) {
            worker.lineChanged(-1);
            if (line.isEmpty()) {
                byWorker.remove(worker);
            }
        }
        total--;
        return true;
    }

    /** Empties this worker's line, oldest first. */
    List<Ticket> drain(Worker worker) {
        NavigableSet<Ticket> line = byWorker.remove(worker);
        if (line == null) {
            return new ArrayList<>();
        }
        worker.lineChanged(-line.size());
        total -= line.size();
        return new ArrayList<>(line);
    }

    /** Empties every line, oldest first across all of them. */
    List<Ticket> drainAll() {
        List<Ticket> all = new ArrayList<>(shared);
        shared.clear();
        for (Worker worker : List.copyOf(byWorker.keySet())) {
            all.addAll(drain(worker));
        }
        total = 0;
        all.sort(BY_ARRIVAL);
        return all;
    }

    int total() {
        return total;
    }
}
