package dev.wasmfaas.balancer.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A round of work every period, on a daemon thread of its own, from start to stop. The thread survives
 * anything: a round that fails is logged, and the next one runs at its time.
 */
abstract class PeriodicRounds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicRounds.class);

    private final String name;
    private volatile ScheduledExecutorService timer;

    PeriodicRounds(String name) {
        this.name = name;
    }

    /** How long from the end of one round to the start of the next. */
    abstract Duration period();

    abstract void round();

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        long period = period().toMillis();
        timer.scheduleWithFixedDelay(this::roundLogged, period, period, TimeUnit.MILLISECONDS);
    }

    private void roundLogged() {
        try {
            round();
        } catch (RuntimeException ex) {
            log.warn("{} round failed: {}", name, ex.toString());
        }
    }

    @Override
    public void stop() {
        timer.shutdownNow();
        timer = null;
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
