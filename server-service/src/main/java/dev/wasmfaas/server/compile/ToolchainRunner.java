package dev.wasmfaas.server.compile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import dev.wasmfaas.server.config.ServerProperties;

/**
 * Runs the compilers and checkers of every language, at most {@code faas.server.compile.parallelism}
 * at once over all of them, each within {@code faas.server.compile.timeout}.
 */
@Component
public class ToolchainRunner {

    private final ServerProperties.Compile settings;
    private final Semaphore permits;

    public ToolchainRunner(ServerProperties properties) {
        this.settings = properties.compile();
        this.permits = new Semaphore(Math.max(1, settings.parallelism()));
    }

    public CommandResult run(List<String> command, Path workDir) {
        return run(command, workDir, environment -> { });
    }

    public CommandResult run(List<String> command, Path workDir, Consumer<Map<String, String>> environment) {
        permits.acquireUninterruptibly();
        try {
            return CommandRunner.run(command, workDir, settings.timeout(), environment);
        } finally {
            permits.release();
        }
    }
}
