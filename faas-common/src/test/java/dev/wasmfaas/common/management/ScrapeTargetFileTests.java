package dev.wasmfaas.common.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeTargetFileTests {

    @TempDir
    Path dir;

    @Test
    void writesOneFileServiceDiscoveryTargetWithItsLabelsAndRemovesIt() throws Exception {
        ScrapeTargetFile file = new ScrapeTargetFile(dir.resolve("metrics"), "worker-3",
                Map.of("worker", "worker-3", "service", "worker"));

        file.write("127.0.0.1", 40123);

        assertThat(file.path()).isEqualTo(dir.resolve("metrics/worker-3.json"));
        assertThat(Files.readString(file.path())).isEqualTo(
                "[{\"targets\":[\"127.0.0.1:40123\"],\"labels\":{\"service\":\"worker\",\"worker\":\"worker-3\"}}]\n");
        try (var files = Files.list(dir.resolve("metrics"))) {
            assertThat(files).containsExactly(file.path());
        }
        assertThat(file.delete()).isTrue();
        assertThat(file.path()).doesNotExist();
        assertThat(file.delete()).isFalse();
    }

    @Test
    void aNewPortReplacesTheOldTargetWhole() throws Exception {
        ScrapeTargetFile file = new ScrapeTargetFile(dir, "server", Map.of("service", "se\"rver"));
        file.write("127.0.0.1", 1);
        file.write("127.0.0.1", 2);

        assertThat(Files.readString(file.path())).contains("\"127.0.0.1:2\"", "\"se\\\"rver\"")
                .doesNotContain(":1\"");
    }
}
