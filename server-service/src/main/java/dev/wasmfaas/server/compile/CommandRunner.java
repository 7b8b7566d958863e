package dev.wasmfaas.server.compile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * Runs a toolchain as a process: an argument list (never a shell), a working directory, a
 * wall-clock limit after which the process and its children are killed, and output captured
 * up to a cap so a runaway compiler cannot fill the server's memory.
 */
public final class CommandRunner {

    static final int MAX_OUTPUT = 64 * 1024;

    private CommandRunner() {
    }

    public static CommandResult run(List<String> command, Path workDir, Duration timeout) {
        return run(command, workDir, timeout, environment -> { });
    }

    /** Runs {@code command} with the server's environment as changed by {@code environment}. */
    public static CommandResult run(List<String> command, Path workDir, Duration timeout,
            Consumer<Map<String, String>> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        environment.accept(builder.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), ex);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // A platform thread, as every reader of a process's pipe here: a blocking pipe read holds its carrier.
        Thread reader = Thread.ofPlatform().daemon().name("compiler-output").start(
                () -> drain(process.getInputStream(), output));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new FaasException(ErrorKind.COMPILE_TIMEOUT,
                        "compilation did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new FaasException(ErrorKind.INTERNAL, "interrupted while compiling");
        }
        synchronized (output) {
            return new CommandResult(process.exitValue(), output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream into) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (into) {
                    int room = MAX_OUTPUT - into.size();
                    into.write(buffer, 0, Math.max(0, Math.min(room, n)));
                }
            }
        } catch (IOException ex) {
            // the process ended or was killed; what was read so far is kept
        }
    }
}
