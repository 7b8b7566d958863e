package dev.wasmfaas.server.invocation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.config.ServerProperties;

/**
 * Lets invocations in until the server starts to stop; from then on new ones are refused with
 * 503 and the shutdown waits (up to {@code faas.server.drain-timeout}) for those in flight,
 * before the web server and the worker pool stop.
 */
@Component
class InvocationGate implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(InvocationGate.class);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Duration drainTimeout;
    private volatile boolean draining;

    InvocationGate(ServerProperties properties) {
        this.drainTimeout = properties.drainTimeout();
    }

    void enter() {
        inFlight.incrementAndGet();
        if (draining) {
            inFlight.decrementAndGet();
            throw new FaasException(ErrorKind.SHUTTING_DOWN, "the server is stopping and takes no new invocations");
        }
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        draining = true;
        Instant deadline = Instant.now().plus(drainTimeout);
        log.info("draining: {} invocations in flight", inFlight.get());
        while (inFlight.get() > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.info("drained ({} left)", inFlight.get());
    }
}
