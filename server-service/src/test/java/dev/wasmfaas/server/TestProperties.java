package dev.wasmfaas.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.wasmfaas.server.config.ServerProperties;

/** Server properties for tests, rooted in a temporary directory. */
public final class TestProperties {

    private TestProperties() {
    }

    public static ServerProperties in(Path dir) {
        return in(dir, "unix:" + dir.resolve("balancer.sock"));
    }

    public static ServerProperties in(Path dir, String balancer) {
        return in(dir, balancer, new ServerProperties.Compile(Duration.ofSeconds(60), 2, null, 1024 * 1024,
                32L * 1024 * 1024));
    }

    /** With these compiler settings (caps on sources and modules). */
    public static ServerProperties in(Path dir, ServerProperties.Compile compile) {
        return in(dir, "unix:" + dir.resolve("balancer.sock"), compile);
    }

    /** The autoscaler's defaults, with no room above the pool's size: off. */
    public static final ServerProperties.Autoscale AUTOSCALE_OFF = new ServerProperties.Autoscale(0,
            Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(6), 2.0, 0.7, Duration.ofSeconds(30),
            Duration.ofSeconds(30));

    /** With this pool. */
    public static ServerProperties in(Path dir, ServerProperties.Pool pool) {
        return in(dir, "unix:" + dir.resolve("balancer.sock"), pool, new ServerProperties.Compile(Duration.ofSeconds(60),
                2, null, 1024 * 1024, 32L * 1024 * 1024));
    }

    private static ServerProperties in(Path dir, String balancer, ServerProperties.Compile compile) {
        return in(dir, balancer, new ServerProperties.Pool(2, Path.of("worker.jar"), "", List.of("-Xmx64m"), 4,
                List.of(), 1, Duration.ofSeconds(30), Duration.ofSeconds(5), null, AUTOSCALE_OFF), compile);
    }

    private static ServerProperties in(Path dir, String balancer, ServerProperties.Pool pool,
            ServerProperties.Compile compile) {
        return new ServerProperties(null, dir.resolve("functions"), dir.resolve("run"), balancer,
                pool,
                compile,
                new ServerProperties.InvocationLimits(Duration.ofSeconds(10), 128, 1024 * 1024, 1024,
                        new ServerProperties.InvocationLimits.Max(Duration.ofSeconds(60), 1024, 16 * 1024 * 1024,
                                64 * 1024)),
                Duration.ofSeconds(30),
                new ServerProperties.Activations(10_000, Duration.ofHours(24), 64L * 1024 * 1024, 30, 200),
                new ServerProperties.Async(256, 16));
    }
}
