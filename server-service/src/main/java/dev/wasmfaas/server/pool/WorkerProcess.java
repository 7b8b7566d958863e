package dev.wasmfaas.server.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import dev.wasmfaas.common.http.Endpoint;

/**
 * One running worker process and where it listens. Its output is copied to the server's own
 * output, each line prefixed with the worker's id, so one terminal shows every log.
 *
 * @param id the worker's id
 * @param process the process
 * @param socket its socket file
 * @param startedAt when it was spawned
 */
record WorkerProcess(String id, Process process, Path socket, Instant startedAt) {

    Endpoint endpoint() {
        return Endpoint.unix(socket);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void pumpOutput() {
        Thread.ofVirtual().name(id + "-output").start(() -> {
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
