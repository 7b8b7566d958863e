package dev.wasmfaas.balancer;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the balancer ({@code faas.balancer.*}).
 *
 * @param socket the UNIX-domain socket to listen on ({@code run/balancer.sock}); when unset the
 *        balancer listens on {@code server.port} instead
 * @param strategy how the worker for each invocation is chosen
 * @param workerTimeout how long to wait for a worker's answer before the invocation fails with
 *        {@code timeout}; it bounds every call, so a hung worker never hangs the balancer
 */
@ConfigurationProperties("faas.balancer")
public record BalancerProperties(
        Path socket,
        @DefaultValue("RR") Strategy strategy,
        @DefaultValue("120s") Duration workerTimeout) {

    /** The strategies a balancer can be configured with. */
    public enum Strategy {
        /** Strict rotation over the ready workers. */
        RR,
        /** Workers' free slots in arrival order, with a bounded queue (not implemented yet). */
        FIFO,
        /** Shares in proportion to each worker's weight (not implemented yet). */
        WEIGHTED
    }
}
