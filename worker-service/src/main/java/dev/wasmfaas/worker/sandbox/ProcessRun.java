package dev.wasmfaas.worker.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of a command: stdin fed from memory, stdout and stderr read at the same time under one cap,
 * and a wall-clock limit. Past either limit the process and all its descendants are killed.
 * <p>
 * Every process is started by one long-lived thread: bwrap's {@code --die-with-parent} (PR_SET_PDEATHSIG)
 * fires when the <em>thread</em> that forked it ends, which for a pooled or virtual thread's carrier could
 * be in the middle of a run. The launcher thread ends only with the worker, and then the sandboxes must go.
 */
final class ProcessRun {

    /** Why the worker stopped the run; a run that ended by itself has none. */
    enum Stop { TIMEOUT, OUTPUT_LIMIT }

    /**
     * @param exitCode the command's exit status ({@code 128 + n} after signal n), meaningless when stopped
     * @param stop why the worker killed it, {@code null} when it ended by itself
     */
    record Outcome(int exitCode, Stop stop, byte[] stdout, byte[] stderr, long durationMs) {
    }

    // Once the process is killed its pipes close at once; this only bounds a pathological wait.
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sandbox-launcher").daemon().factory());

    private final Process process;
    private final int maxOutputBytes;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final AtomicReference<Stop> stop = new AtomicReference<>();

    private ProcessRun(Process process, int maxOutputBytes) {
        this.process = process;
        this.maxOutputBytes = maxOutputBytes;
    }

    /**
     * Runs the command to its end, or until it passes {@code timeout} or writes more than
     * {@code maxOutputBytes} to stdout and stderr together (what fits is kept).
     *
     * @throws IOException when the command cannot be started
     * @throws InterruptedException when the calling thread is interrupted (the process is killed first)
     */
    static Outcome run(List<String> command, byte[] input, Duration timeout, int maxOutputBytes)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        // Nothing of the worker's environment reaches even the launcher.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        // Nor its directory: the shell exports it as PWD, and bwrap's init (pid 1 of the sandbox) shows it.
        builder.directory(new File("/"));
        long started = System.nanoTime();
        return new ProcessRun(start(builder), maxOutputBytes).await(input, timeout, started);
    }

    // Starting takes a millisecond or two: an interrupt waits for it, so that no process escapes its run.
    private static Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        Future<Process> starting = LAUNCHER.submit(builder::start);
        Process process = null;
        boolean interrupted = false;
        while (process == null) {
            try {
                process = starting.get();
            } catch (InterruptedException ex) {
                interrupted = true;
            } catch (ExecutionException ex) {
                if (ex.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException("cannot start " + builder.command().getFirst(), ex.getCause());
            }
        }
        if (interrupted) {
            process.destroyForcibly();
            throw new InterruptedException("interrupted while the process started");
        }
        return process;
    }

    private Outcome await(byte[] input, Duration timeout, long started) throws InterruptedException {
        // Platform threads: blocking pipe I/O holds a virtual thread's carrier, and two carriers are all there are.
        Thread feeder = Thread.ofPlatform().daemon().name("function-stdin").start(() -> feed(input));
        Thread out = Thread.ofPlatform().daemon().name("function-stdout").start(
                () -> drain(process.getInputStream(), stdout));
        Thread err = Thread.ofPlatform().daemon().name("function-stderr").start(
                () -> drain(process.getErrorStream(), stderr));
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                stop(Stop.TIMEOUT);
            }
            boolean ended = process.waitFor(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            long durationMs = (System.nanoTime() - started) / 1_000_000;
            out.join(DRAIN_WAIT);
            err.join(DRAIN_WAIT);
            feeder.join(DRAIN_WAIT);
            synchronized (this) {
                return new Outcome(ended ? process.exitValue() : -1, stop.get(), stdout.toByteArray(),
                        stderr.toByteArray(), durationMs);
            }
        } finally {
            if (process.isAlive()) {
                killTree();
            }
        }
    }

    private void feed(byte[] input) {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException ex) {
            // The function ended, or closed its stdin, without reading all of it: not an error.
        }
    }

    private void drain(InputStream stream, ByteArrayOutputStream target) {
        byte[] buffer = new byte[8192];
        try (stream) {
            int read;
            while ((read = stream.read(buffer)) >= 0) {
                if (!capture(target, buffer, read)) {
                    stop(Stop.OUTPUT_LIMIT);
                }
            }
        } catch (IOException ex) {
            // The pipe broke because the process is gone: what was read is kept.
        }
    }

    // Keeps what fits under the cap shared by stdout and stderr; false once something did not fit.
    private synchronized boolean capture(ByteArrayOutputStream target, byte[] buffer, int length) {
        int room = Math.max(0, maxOutputBytes - stdout.size() - stderr.size());
        target.write(buffer, 0, Math.min(room, length));
        return length <= room;
    }

    private void stop(Stop reason) {
        if (stop.compareAndSet(null, reason)) {
            killTree();
        }
    }

    // Listed first: once their parent is killed they are no longer its descendants.
    private void killTree() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
