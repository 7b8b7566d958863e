package dev.wasmfaas.worker.remote;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.lane.LaneServer;

/**
 * Registers this worker with the balancer, over mutual TLS, with a lease, once its lane listens; renews it every
 * third of the lease (the same registration again), and registers afresh when the balancer dropped it; leaves
 * when the worker stops. A balancer that does not hear from it within the lease drops it.
 */
final class BalancerRegistration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BalancerRegistration.class);

    private final ChannelHttpClient http;
    private final Endpoint balancer;
    private final WorkerRegistration registration;
    private final byte[] body;
    private final Duration period;
    private final Duration timeout;
    private volatile Thread renewer;
    private volatile boolean running;
    private volatile boolean registered;
    private long failures;

    BalancerRegistration(ChannelHttpClient http, Endpoint balancer, WorkerRegistration registration, JsonMapper json) {
        this.http = http;
        this.balancer = balancer;
        this.registration = registration;
        this.body = json.writeValueAsBytes(registration);
        this.period = Duration.ofMillis(Math.max(100, registration.leaseMs() / 3));
        // A renewal may take longer than its period on a busy host or network: the lease is what bounds it.
        this.timeout = Duration.ofMillis(Math.max(2_000, registration.leaseMs() / 2));
    }

    @Override
    public void start() {
        // Set before the thread starts, which may look at it before start() returns.
        running = true;
        renewer = Thread.ofPlatform().daemon().name("lease").start(this::renewUntilStopped);
    }

    private void renewUntilStopped() {
        while (running) {
            renewOnce();
            try {
                Thread.sleep(period);
            } catch (InterruptedException ex) {
                return;
            }
        }
    }

    /** One registration or renewal; whether the balancer took it. */
    boolean renewOnce() {
        try {
            ChannelResponse response = http.send(balancer, new ChannelRequest("PUT", "/workers/" + registration.id(),
                    List.<String[]>of(new String[] {"Content-Type", "application/json"}), body, timeout, 1 << 20));
            boolean taken = response.status() == 200;
            if (taken != registered) {
                if (taken) {
                    log.info("registered with {} as {} at {} (lease {} ms)", balancer, registration.id(),
                            registration.endpoint(), registration.leaseMs());
                } else {
                    log.warn("the balancer {} refused the registration: {} {}", balancer, response.status(),
                            new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            registered = taken;
        } catch (ChannelHttpException ex) {
            // Said when it starts failing, then now and then: a worker that never gets in must say why.
            if (registered || failures % 30 == 0) {
                log.warn("cannot {} with {}: {}", registered ? "renew the lease" : "register", balancer, ex.getMessage());
            }
            failures++;
            registered = false;
        }
        return registered;
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = renewer;
        renewer = null;
        if (thread != null) {
            thread.interrupt();
        }
        try {
            http.send(balancer, new ChannelRequest("DELETE", "/workers/" + registration.id(), List.of(), new byte[0],
                    Duration.ofSeconds(2), 1 << 20));
            log.info("left {}", balancer);
        } catch (ChannelHttpException ex) {
            log.warn("cannot leave {}: {}", balancer, ex.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // After the lanes: the balancer calls the worker as soon as it is registered.
    @Override
    public int getPhase() {
        return LaneServer.PHASE + 1;
    }
}
