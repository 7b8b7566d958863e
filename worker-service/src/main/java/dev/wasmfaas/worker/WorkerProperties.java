package dev.wasmfaas.worker;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of one worker process ({@code faas.worker.*}).
 *
 * @param id the worker's id, reported in every result ({@code worker-2})
 * @param socket the UNIX-domain socket to listen on; when absent the worker listens on {@code server.port}
 * @param parentPid the process whose death ends this worker (the server that spawned it); 0 for none
 * @param moduleCacheSize how many compiled modules are kept, least recently used evicted first
 * @param epochTickMs how often the Wasmtime epoch advances: the granularity of invocation time limits
 */
@ConfigurationProperties("faas.worker")
public record WorkerProperties(
        @DefaultValue("worker-0") String id,
        Path socket,
        @DefaultValue("0") long parentPid,
        @DefaultValue("256") int moduleCacheSize,
        @DefaultValue("10") long epochTickMs) {

    public WorkerProperties {
        if (moduleCacheSize < 1) {
            throw new IllegalArgumentException("faas.worker.module-cache-size must be at least 1");
        }
        if (epochTickMs < 1) {
            throw new IllegalArgumentException("faas.worker.epoch-tick-ms must be at least 1");
        }
    }

    public Duration epochTick() {
        return Duration.ofMillis(epochTickMs);
    }
}
