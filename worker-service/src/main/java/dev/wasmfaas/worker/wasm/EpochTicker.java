package dev.wasmfaas.worker.wasm;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.kawamuray.wasmtime.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Advances the engine's epoch at a fixed rate, so every store's epoch deadline is a wall-clock time limit. */
final class EpochTicker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EpochTicker.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "wasm-epoch");
        thread.setDaemon(true);
        return thread;
    });

    EpochTicker(Engine engine, Duration tick) {
        long nanos = tick.toNanos();
        // Fixed delay, not fixed rate: ticks missed while the engine was busy compiling must not
        // arrive in a burst afterwards and cut running functions short.
        timer.scheduleWithFixedDelay(() -> advance(engine), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    // An exception escaping a periodic task would silently cancel it, and with it every time limit.
    private static void advance(Engine engine) {
        try {
            engine.incrementEpoch();
        } catch (RuntimeException ex) {
            log.error("cannot advance the Wasmtime epoch", ex);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
