package dev.wasmfaas.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway as ./faas runs it, with API keys: actuator on a loopback management port that Prometheus
 * scrapes without a key, published as a scrape target; health, and only health, still on the public port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "faas.gateway.auth.api-key=key-5e1d0c", "management.server.port=0",
        "management.server.address=127.0.0.1"})
class ManagementPortTests {

    @TempDir
    static Path targets;

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void targetsDir(DynamicPropertyRegistry registry) {
        registry.add("faas.metrics.targets-dir", () -> targets.toString());
    }

    @Test
    void servesActuatorOnTheManagementPortWithoutAKeyAndPublishesIt() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> prometheus = get(managementPort, "/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
        assertThat(get(managementPort, "/actuator/info").body()).contains("\"artifact\":\"gateway-service\"");
        assertThat(get(managementPort, "/actuator/health/readiness").body()).contains("\"UP\"");

        assertThat(Files.readString(targets.resolve("gateway.json"))).isEqualTo(
                "[{\"targets\":[\"127.0.0.1:" + managementPort + "\"],\"labels\":{\"service\":\"gateway\"}}]\n");
    }

    @Test
    void keepsOnlyHealthOnThePublicPortOpenWithoutAKey() throws Exception {
        HttpResponse<String> health = get(port, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(port, "/actuator/prometheus").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(int target, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
