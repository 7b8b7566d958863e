package dev.wasmfaas.worker.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the parent process and calls {@code onParentGone} once when it has ended. The parent's
 * handle is taken once at the start, so a new process that reuses its pid is not mistaken for it.
 *
 * <p>The server spawns a worker with a pipe as its stdin and never writes to it: when the server
 * ends, however it ends, the kernel closes the pipe and a read of it returns. The watchdog blocks on
 * that read, spending nothing while the parent lives. Should stdin end while the parent is still
 * alive (it was not a pipe from the parent), it falls back to looking at the parent every
 * {@code period}.
 */
public final class ParentWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParentWatchdog.class);

    private final Optional<ProcessHandle> parent;
    private final long parentPid;
    private final Duration period;
    private final Runnable onParentGone;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    /** A watchdog that only looks at the parent every {@code period}. */
    public ParentWatchdog(long parentPid, Duration period, Runnable onParentGone) {
        this(parentPid, period, onParentGone, InputStream.nullInputStream());
    }

    /** @param fromParent a stream the parent holds open and never writes to: its end is the parent's */
    public ParentWatchdog(long parentPid, Duration period, Runnable onParentGone, InputStream fromParent) {
        this.parent = ProcessHandle.of(parentPid);
        this.parentPid = parentPid;
        this.period = period;
        this.onParentGone = onParentGone;
        this.thread = Thread.ofPlatform().daemon().name("parent-watchdog").start(() -> watch(fromParent));
    }

    private void watch(InputStream fromParent) {
        try {
            while (fromParent.read() >= 0) {
                // nothing is ever written; whatever is, is not the end
            }
        } catch (IOException ex) {
            // a broken pipe ends it as well as a closed one
        }
        while (!closed && parentAlive()) {
            LockSupport.parkNanos(period.toNanos());
        }
        if (!closed && fired.compareAndSet(false, true)) {
            log.warn("parent process {} has ended; stopping this worker", parentPid);
            onParentGone.run();
        }
    }

    private boolean parentAlive() {
        return parent.map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
