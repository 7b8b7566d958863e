package dev.wasmfaas.balancer;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.wasmfaas.common.contract.Strategy;

/**
 * Configuration of the balancer ({@code faas.balancer.*}).
 *
 * @param socket the UNIX-domain socket to listen on ({@code run/balancer.sock}); when unset the
 *        balancer listens on {@code server.port} instead
 * @param strategy the strategy at start (RR, FIFO or WEIGHTED, any case); {@code PUT /strategy} changes it later
 * @param workerTimeout how long to wait for a worker's answer before the invocation fails with
 *        {@code timeout}; it bounds every call, so a hung worker never hangs the balancer
 * @param queueCapacity how many invocations may wait for a slot, counted over all workers; one more is
 *        answered {@code 429 queue-full} at once
 * @param healthInterval how often each worker's {@code /actuator/health} is probed
 * @param healthTimeout how long one probe may take before it counts as a failure
 * @param tls the mutual-TLS listener where remote workers register, renew their lease and leave
 */
@ConfigurationProperties("faas.balancer")
public record BalancerProperties(
        Path socket,
        @DefaultValue("RR") Strategy strategy,
        @DefaultValue("120s") Duration workerTimeout,
        @DefaultValue("256") int queueCapacity,
        @DefaultValue("2s") Duration healthInterval,
        @DefaultValue("1s") Duration healthTimeout,
        @DefaultValue Tls tls) {

    public BalancerProperties {
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("faas.balancer.queue-capacity must be 0 or more");
        }
        if (healthInterval.isNegative() || healthInterval.isZero()) {
            throw new IllegalArgumentException("faas.balancer.health-interval must be positive");
        }
        if (tls == null) {
            tls = new Tls(0, "0.0.0.0");
        }
    }

    /**
     * The mutual-TLS listener of remote workers ({@code faas.balancer.tls.*}), with the SSL bundle {@code faas}: it
     * serves {@code PUT}/{@code DELETE /workers/{id}} for registrations with a lease and {@code https://} endpoints,
     * nothing else.
     *
     * @param port its TCP port; 0 for none
     * @param address the address it binds
     */
    public record Tls(@DefaultValue("0") int port, @DefaultValue("0.0.0.0") String address) {

        public Tls {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("faas.balancer.tls.port must be a port number, or 0 for none");
            }
        }

        public boolean enabled() {
            return port > 0;
        }
    }
}
