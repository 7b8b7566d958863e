package dev.wasmfaas.worker.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system-call filter of the script sandboxes, as a BPF program in a file that bubblewrap reads through
 * {@code --seccomp}. libseccomp builds it (through its Python binding, {@code seccomp-filter.py}), once per
 * worker, in the background from the worker's start on; a host without the binding runs sandboxes unfiltered
 * and the worker says so.
 */
final class SeccompFilter {

    private static final Logger log = LoggerFactory.getLogger(SeccompFilter.class);
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = "seccomp-filter.py";

    private final CompletableFuture<Optional<Path>> file;

    private SeccompFilter(CompletableFuture<Optional<Path>> file) {
        this.file = file;
    }

    /** Starts building the filter. */
    static SeccompFilter build() {
        return new SeccompFilter(CompletableFuture.supplyAsync(SeccompFilter::write, Thread.ofVirtual()::start));
    }

    /** No filter. */
    static SeccompFilter none() {
        return new SeccompFilter(CompletableFuture.completedFuture(Optional.empty()));
    }

    /** The filter's file, once built; empty where it cannot be. */
    Optional<Path> file() {
        return file.join();
    }

    private static Optional<Path> write() {
        try {
            Path out = Files.createTempFile("faas-seccomp-", ".bpf");
            out.toFile().deleteOnExit();
            String script;
            try (InputStream in = SeccompFilter.class.getResourceAsStream(SCRIPT)) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Process process = new ProcessBuilder(PYTHON, "-c", script, out.toString()).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0 || Files.size(out) == 0) {
                process.destroyForcibly();
                Files.deleteIfExists(out);
                String reason = output.contains("No module named 'seccomp'")
                        ? "libseccomp's Python binding is not installed (Debian/Ubuntu: apt-get install python3-seccomp)"
                        : output.lines().reduce((a, b) -> b).orElse("exit " + process.exitValue());
                log.warn("script sandboxes run without a system-call filter: {}", reason);
                return Optional.empty();
            }
            log.debug("system-call filter of the script sandboxes: {} ({} bytes)", out, Files.size(out));
            return Optional.of(out);
        } catch (IOException ex) {
            log.warn("script sandboxes run without a system-call filter: cannot run {}: {}", PYTHON, ex.getMessage());
            return Optional.empty();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
