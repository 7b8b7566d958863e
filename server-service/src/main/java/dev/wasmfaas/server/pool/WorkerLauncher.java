package dev.wasmfaas.server.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.wasmfaas.server.config.ServerProperties;

/** Builds and starts the command of one worker process. */
@Component
class WorkerLauncher {

    private final ServerProperties.Pool pool;
    private final Path runtimeDir;

    WorkerLauncher(ServerProperties properties) {
        this.pool = properties.pool();
        this.runtimeDir = properties.runtimeDir().toAbsolutePath().normalize();
    }

    WorkerProcess start(String id) {
        Path socket = runtimeDir.resolve(id + ".sock");
        try {
            Files.createDirectories(runtimeDir);
            Files.deleteIfExists(socket);
            Process process = new ProcessBuilder(command(id, socket)).redirectErrorStream(true).start();
            WorkerProcess worker = new WorkerProcess(id, process, socket);
            worker.pumpOutput();
            return worker;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot start " + id, ex);
        }
    }

    List<String> command(String id, Path socket) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(pool.jvmOptions());
        command.add("-jar");
        command.add(pool.workerJar().toAbsolutePath().toString());
        command.add("--faas.worker.id=" + id);
        command.add("--faas.worker.socket=" + socket);
        command.add("--faas.worker.parent-pid=" + ProcessHandle.current().pid());
        return command;
    }

    // The JVM running the server is known to be recent enough for the workers too.
    private String javaExecutable() {
        if (pool.java() != null && !pool.java().isBlank()) {
            return pool.java();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    void removeSocket(WorkerProcess worker) {
        try {
            Files.deleteIfExists(worker.socket());
        } catch (IOException ex) {
            // a socket that cannot be removed is replaced at the next start
        }
    }
}
