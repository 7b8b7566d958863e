package dev.wasmfaas.common.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of the calls in flight, enforced by one thread that sleeps until the earliest of them. Starting
 * a call is a set's add, and wakes the thread only when the call's deadline comes before the one the thread
 * sleeps to (or the thread sleeps with none): calls of the same timeout one after the other, the common case,
 * wake it about once per timeout, where a timer queue woke its thread for every call that found it empty (at
 * one client, each call of each hop). Ending a call is a set's remove; the thread, waking at the deadline of a
 * call that has ended, finds it gone and sleeps to the next.
 */
final class CallDeadlines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallDeadlines.class);

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    // When the thread wakes next (System.nanoTime), unless it sleeps until unparked (asleep).
    private volatile long wakeAt = System.nanoTime();
    private volatile boolean asleep;
    private volatile boolean closed;

    CallDeadlines(String name) {
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::watch);
        thread.start();
    }

    /** Runs {@code expiry} once {@code timeout} has passed, unless the deadline is ended before. */
    Deadline start(Duration timeout, Runnable expiry) {
        Deadline deadline = new Deadline(System.nanoTime() + timeout.toNanos(), expiry, pending);
        pending.add(deadline);
        if (asleep || deadline.at - wakeAt < 0) {
            LockSupport.unpark(thread);
        }
        return deadline;
    }

    /** Calls in flight now. */
    int pending() {
        return pending.size();
    }

    /** Whether the thread sleeps until a call starts, there being none in flight. */
    boolean asleep() {
        return asleep;
    }

    private void watch() {
        while (!closed) {
            expire(System.nanoTime());
            Deadline earliest = earliest();
            if (earliest == null) {
                asleep = true;
                // A call started between the look above and this one has seen asleep set, and unparks.
                if (pending.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                asleep = false;
                continue;
            }
            wakeAt = earliest.at;
            // A call started since the look has seen wakeAt, and unparks if it comes first; or it is seen here.
            Deadline again = earliest();
            if (again != null && again.at - earliest.at < 0) {
                continue;
            }
            long wait = earliest.at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    private Deadline earliest() {
        Deadline earliest = null;
        for (Deadline deadline : pending) {
            if (earliest == null || deadline.at - earliest.at < 0) {
                earliest = deadline;
            }
        }
        return earliest;
    }

    private void expire(long now) {
        for (Deadline deadline : pending) {
            if (now - deadline.at >= 0 && pending.remove(deadline)) {
                try {
                    deadline.expiry.run();
                } catch (RuntimeException ex) {
                    // An exception escaping here would end the thread, and with it every deadline.
                    log.warn("a call's expiry failed: {}", ex.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call's deadline; {@link #end()} when the call is over. */
    static final class Deadline {

        private final long at;
        private final Runnable expiry;
        private final Set<Deadline> pending;

        private Deadline(long at, Runnable expiry, Set<Deadline> pending) {
            this.at = at;
            this.expiry = expiry;
            this.pending = pending;
        }

        /** The call is over: its expiry will not run (it may be running now, if the deadline has just passed). */
        void end() {
            pending.remove(this);
        }
    }
}
