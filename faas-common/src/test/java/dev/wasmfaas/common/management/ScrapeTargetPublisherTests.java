package dev.wasmfaas.common.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class ScrapeTargetPublisherTests {

    @TempDir
    Path dir;

    @Test
    void aWildcardBindIsScrapedThroughTheLoopback() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(ScrapeTargetPublisher.TARGETS_DIR, dir.toString())
                .withProperty("management.server.address", "0.0.0.0");

        assertThat(ScrapeTargetPublisher.of(environment, "server", java.util.Map.of()).host()).isEqualTo("127.0.0.1");
    }

    @Test
    void anAdvertisedHostWinsOverTheBoundAddress() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(ScrapeTargetPublisher.TARGETS_DIR, dir.toString())
                .withProperty("management.server.address", "0.0.0.0")
                .withProperty(ScrapeTargetPublisher.HOST, "server");

        assertThat(ScrapeTargetPublisher.of(environment, "worker-1", java.util.Map.of()).host()).isEqualTo("server");
    }

    @Test
    void anIpv6AddressIsBracketed() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty(ScrapeTargetPublisher.TARGETS_DIR, dir.toString())
                .withProperty("management.server.address", "::1");

        assertThat(ScrapeTargetPublisher.of(environment, "gateway", java.util.Map.of()).host()).isEqualTo("[0:0:0:0:0:0:0:1]");
    }
}
