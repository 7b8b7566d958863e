package dev.wasmfaas.server.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.management.ScrapeTargetFile;
import dev.wasmfaas.common.management.ScrapeTargetPublisher;
import dev.wasmfaas.server.cgroup.WorkerCgroups;
import dev.wasmfaas.server.config.ServerProperties;

/** Builds and starts the command of one worker process. */
@Component
class WorkerLauncher {

    private final ServerProperties.Pool pool;
    private final Path runtimeDir;
    private final Path compileCache;
    private final String targetsDir;
    private final String managementAddress;
    private final WorkerCgroups cgroups;

    WorkerLauncher(ServerProperties properties, Environment environment, WorkerCgroups cgroups) {
        this.cgroups = cgroups;
        this.pool = properties.pool();
        this.runtimeDir = properties.runtimeDir().toAbsolutePath().normalize();
        this.compileCache = properties.compileCacheDir();
        this.targetsDir = environment.getProperty(ScrapeTargetPublisher.TARGETS_DIR);
        this.managementAddress = environment.getProperty("management.server.address", "127.0.0.1");
    }

    WorkerProcess start(String id) {
        Path socket = runtimeDir.resolve(id + ".sock");
        try {
            Files.createDirectories(runtimeDir);
            Files.deleteIfExists(socket);
            Files.deleteIfExists(InvocationLane.socketBeside(socket));
            // In a cgroup of its own from its first instruction on, when the host allows it.
            Process process = new ProcessBuilder(cgroups.command(id, command(id, socket))).redirectErrorStream(true)
                    .start();
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
        // Its stdin is a pipe from this process, never written to: it ends when the server does.
        command.add("--faas.worker.parent-pipe=true");
        command.add("--faas.worker.compile-cache=" + compileCache);
        if (metricsOn()) {
            // Each worker's actuator on an ephemeral port of the server's management address; the worker
            // publishes the port it got as a scrape target of its own.
            command.add("--management.server.port=0");
            command.add("--management.server.address=" + managementAddress);
            command.add("--" + ScrapeTargetPublisher.TARGETS_DIR + "=" + targetsDir);
        }
        return command;
    }

    // The JVM running the server is known to be recent enough for the workers too.
    private String javaExecutable() {
        if (pool.java() != null && !pool.java().isBlank()) {
            return pool.java();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Gives a worker taking a place of the pool the CPU share of that place's weight (where cgroups are on). */
    void share(WorkerProcess worker, int weight) {
        cgroups.share(worker.id(), weight, pool.meanWeight());
    }

    /** Removes what a dead worker cannot: its sockets, its scrape target so Prometheus drops it, its cgroups. */
    void removeFiles(WorkerProcess worker) {
        cgroups.release(worker.id());
        try {
            Files.deleteIfExists(worker.socket());
            Files.deleteIfExists(InvocationLane.socketBeside(worker.socket()));
        } catch (IOException ex) {
            // a socket that cannot be removed is replaced at the next start
        }
        if (metricsOn()) {
            new ScrapeTargetFile(Path.of(targetsDir), worker.id(), Map.of()).delete();
        }
    }

    private boolean metricsOn() {
        return targetsDir != null && !targetsDir.isBlank();
    }
}
