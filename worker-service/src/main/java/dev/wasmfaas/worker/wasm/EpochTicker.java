package dev.wasmfaas.worker.wasm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.kawamuray.wasmtime.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances the engine's epoch every tick while at least one function runs, so every store's epoch
 * deadline is a wall-clock time limit. With nothing running the thread parks: an idle worker spends
 * no CPU on time limits.
 */
final class EpochTicker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EpochTicker.class);

    private final Engine engine;
    private final long tickNanos;
    private final AtomicInteger running = new AtomicInteger();
    private final Thread thread;
    // Set while the thread parks with nothing running: only then does a function that starts wake it. One that
    // starts while the thread waits out a tick leaves it be (a wake-up per run otherwise, at one run at a time).
    private volatile boolean idle;
    private volatile boolean closed;

    EpochTicker(Engine engine, Duration tick) {
        this.engine = engine;
        this.tickNanos = tick.toNanos();
        this.thread = Thread.ofPlatform().name("wasm-epoch").daemon().unstarted(this::tick);
        thread.start();
    }

    /** A function starts running: ticks are needed until the matching {@link #leave()}. */
    void enter() {
        if (running.getAndIncrement() == 0 && idle) {
            LockSupport.unpark(thread);
        }
    }

    void leave() {
        running.decrementAndGet();
    }

    // A sleep between ticks, not a fixed rate: ticks missed while the engine was busy compiling must not
    // arrive in a burst afterwards and cut running functions short.
    // A wake-up before a whole tick has passed (an unpark, or a spurious one) only waits for the rest of it.
    private void tick() {
        long lastAdvance = System.nanoTime();
        while (!closed) {
            if (running.get() == 0) {
                idle = true;
                // A function that started between the look above and this one has seen idle set, and unparks.
                if (running.get() == 0 && !closed) {
                    LockSupport.park(this);
                }
                idle = false;
                lastAdvance = System.nanoTime();
                continue;
            }
            long wait = lastAdvance + tickNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            advance();
            lastAdvance = System.nanoTime();
        }
    }

    // An exception escaping here would end the thread, and with it every time limit.
    private void advance() {
        try {
            engine.incrementEpoch();
        } catch (RuntimeException ex) {
            log.error("cannot advance the Wasmtime epoch", ex);
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
}
