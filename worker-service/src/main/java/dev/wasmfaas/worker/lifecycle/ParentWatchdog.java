package dev.wasmfaas.worker.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the parent process and calls {@code onParentGone} once when it has ended. The parent's
 * handle is taken once at the start, so a new process that reuses its pid is not mistaken for it.
 */
public final class ParentWatchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParentWatchdog.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parent-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    public ParentWatchdog(long parentPid, Duration period, Runnable onParentGone) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        Runnable check = () -> {
            if (parent.map(ProcessHandle::isAlive).orElse(false)) {
                return;
            }
            log.warn("parent process {} has ended; stopping this worker", parentPid);
            timer.shutdown();
            onParentGone.run();
        };
        timer.scheduleWithFixedDelay(check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
