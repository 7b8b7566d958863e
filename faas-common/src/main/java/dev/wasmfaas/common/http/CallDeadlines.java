package dev.wasmfaas.common.http;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of the calls in flight, enforced by one thread that looks at them once a tick while calls
 * come, and sleeps without a tick once none has come for a while. Starting and ending a call is a set's add
 * and remove: no thread is woken per call, as a timer queue wakes its thread for every call that finds it
 * empty (at one client, each call of each hop). A deadline is enforced up to a tick late.
 */
final class CallDeadlines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallDeadlines.class);

    /** How long the thread keeps ticking after the last call it saw, before it sleeps until the next one. */
    static final Duration LINGER = Duration.ofSeconds(1);

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    private final long tickNanos;
    private final Thread thread;
    // Set while the thread sleeps with no tick: only then does a new call wake it.
    private volatile boolean asleep;
    private volatile boolean closed;

    CallDeadlines(String name, Duration tick) {
        this.tickNanos = tick.toNanos();
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::watch);
        thread.start();
    }

    /** Runs {@code expiry} once {@code timeout} has passed, unless the deadline is ended before. */
    Deadline start(Duration timeout, Runnable expiry) {
        Deadline deadline = new Deadline(System.nanoTime() + timeout.toNanos(), expiry, pending);
        pending.add(deadline);
        if (asleep) {
            LockSupport.unpark(thread);
        }
        return deadline;
    }

    /** Calls in flight now. */
    int pending() {
        return pending.size();
    }

    /** Whether the thread sleeps without a tick, until the next call starts. */
    boolean asleep() {
        return asleep;
    }

    private void watch() {
        long lastBusy = System.nanoTime();
        while (!closed) {
            long now = System.nanoTime();
            if (!pending.isEmpty()) {
                lastBusy = now;
            } else if (now - lastBusy >= LINGER.toNanos()) {
                asleep = true;
                // A call started between the look above and this one has seen asleep set, and unparks.
                if (pending.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                asleep = false;
                lastBusy = System.nanoTime();
                continue;
            }
            LockSupport.parkNanos(this, tickNanos);
            expire(System.nanoTime());
        }
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
