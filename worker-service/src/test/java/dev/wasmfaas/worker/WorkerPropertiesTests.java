package dev.wasmfaas.worker;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WorkerPropertiesTests {

    @Test
    void defaultsFitOneLocalWorker() {
        WorkerProperties properties = bind(Map.of());

        assertThat(properties.id()).isEqualTo("worker-0");
        assertThat(properties.socket()).isNull();
        assertThat(properties.parentPid()).isZero();
        assertThat(properties.moduleCacheSize()).isEqualTo(256);
        assertThat(properties.epochTickMs()).isEqualTo(10);
        assertThat(properties.sandbox())
                .isEqualTo(new WorkerProperties.Sandbox("bwrap", "node", "python3", "php", 64, 16, true));
    }

    @Test
    void bindsWhatTheServerPassesToASpawnedWorker() {
        WorkerProperties properties = bind(Map.of("faas.worker.id", "worker-2", "faas.worker.socket",
                "/run/faas/worker-2.sock", "faas.worker.parent-pid", "4242", "faas.worker.module-cache-size", "8",
                "faas.worker.epoch-tick-ms", "5"));

        assertThat(properties).isEqualTo(new WorkerProperties("worker-2", Path.of("/run/faas/worker-2.sock"), 4242, false, 8,
                5, null, new WorkerProperties.Stores(64, 128, 256),
                new WorkerProperties.Sandbox("bwrap", "node", "python3", "php", 64, 16, true),
                new WorkerProperties.Tcp(0, "0.0.0.0"),
                new WorkerProperties.Remote(null, null, java.time.Duration.ofSeconds(10), null, 2, 0, null, 512)));
    }

    @Test
    void bindsTheSandboxOfScripts() {
        WorkerProperties properties = bind(Map.of("faas.worker.sandbox.bwrap", "/opt/bwrap/bin/bwrap",
                "faas.worker.sandbox.node", "/usr/local/bin/node", "faas.worker.sandbox.python", "python3.11",
                "faas.worker.sandbox.php", "php8.2", "faas.worker.sandbox.processes", "32",
                "faas.worker.sandbox.file-size-mb", "4", "faas.worker.sandbox.mount-proc", "false"));

        assertThat(properties.sandbox()).isEqualTo(new WorkerProperties.Sandbox("/opt/bwrap/bin/bwrap",
                "/usr/local/bin/node", "python3.11", "php8.2", 32, 4, false));
    }

    @Test
    void refusesAnEmptyCacheOrAStoppedClock() {
        assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(Map.of("faas.worker.module-cache-size", "0")));
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("faas.worker.epoch-tick-ms", "0")));
    }

    @Test
    void refusesASandboxWithoutProcessesOrFiles() {
        assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(Map.of("faas.worker.sandbox.processes", "0")));
        assertThatExceptionOfType(BindException.class)
                .isThrownBy(() -> bind(Map.of("faas.worker.sandbox.file-size-mb", "0")));
    }

    private static WorkerProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("faas.worker", WorkerProperties.class);
    }
}
