package dev.wasmfaas.server.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.http.Endpoint;

/**
 * One worker process of the pool. Its output is copied to the server's own output, each line
 * prefixed with the worker's id, so one terminal shows every log.
 */
final class WorkerProcess {

    private final String id;
    private final Process process;
    private final Path socket;
    private final Instant startedAt = Instant.now();
    private volatile WorkerState state = WorkerState.STARTING;
    private volatile int position;
    // Started for a position, or a spare given one: never counted or claimed as a spare again.
    private volatile boolean claimed;

    WorkerProcess(String id, Process process, Path socket) {
        this.id = id;
        this.process = process;
        this.socket = socket;
    }

    String id() {
        return id;
    }

    Process process() {
        return process;
    }

    Path socket() {
        return socket;
    }

    Instant startedAt() {
        return startedAt;
    }

    WorkerState state() {
        return state;
    }

    void state(WorkerState newState) {
        this.state = newState;
    }

    /** Whether it is (or is becoming) a spare: started as one, and no position has claimed it. */
    boolean spare() {
        return !claimed;
    }

    /** It is started for a position, or a position takes it: it is no spare from now on. */
    void claim() {
        claimed = true;
    }

    /** Its place in the pool (1..size), or 0 while it is a spare or still starting. */
    int position() {
        return position;
    }

    void position(int newPosition) {
        this.position = newPosition;
    }

    Endpoint endpoint() {
        return Endpoint.unix(socket);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    // A platform thread: it blocks in a pipe read for the worker's whole life, and blocked virtual threads
    // held the carriers that the server's other virtual threads (a compiler's output reader) were waiting for.
    void pumpOutput() {
        Thread.ofPlatform().daemon().name(id + "-output").start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("[" + id + "] " + line);
                }
            } catch (IOException ex) {
                // the process is gone; its exit is handled by the pool
            }
        });
    }
}
