package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools the API tests run as real processes: newman and redocly, which {@code ./faas test}
 * installs under {@code .tools/npm}, and the project's own {@code ./faas}.
 */
final class ApiTools {

    static final Path NPM_BIN = Suite.HOME.resolve(".tools/npm/node_modules/.bin");
    /** Where the reports go: under the module's target/, which CI keeps. */
    static final Path REPORTS = Path.of("target", "api").toAbsolutePath();

    /** What a process did. */
    record Run(int exitCode, String out, String err) {
    }

    private ApiTools() {
    }

    /** Reads a process's output streams, each on a thread of its own. */
    private static final java.util.concurrent.Executor READERS = task -> Thread.ofVirtual().start(task);

    /** An npm tool, or a failure that says how to install it. */
    static Path npmTool(String name) {
        Path tool = NPM_BIN.resolve(name);
        assertThat(Files.isExecutable(tool)).as(tool + " is missing: ./faas test (or ./faas doctor) installs it").isTrue();
        return tool;
    }

    /** Runs a command to its end, with this environment added and this input on its stdin (null: none). */
    static Run run(List<String> command, Map<String, String> environment, byte[] input, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Suite.HOME.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Each stream on a thread of its own: the common pool has one thread on two cores, and both streams must drain.
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()), READERS);
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + timeout);
        }
        return new Run(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    static List<String> command(Object... parts) {
        List<String> command = new ArrayList<>();
        for (Object part : parts) {
            command.add(part.toString());
        }
        return command;
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
