package dev.wasmfaas.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;

/**
 * A worker as the pool starts it with metrics on: actuator on an ephemeral loopback TCP port, its scrape
 * target written once that port is known and removed when it stops, health still on its socket.
 */
class ManagementPortTests {

    @TempDir
    Path dir;

    @Test
    void servesActuatorOnItsOwnPortPublishesItAsAScrapeTargetAndKeepsHealthOnTheSocket() throws Exception {
        Path socket = dir.resolve("worker-7.sock");
        Path targets = dir.resolve("metrics");
        Path target = targets.resolve("worker-7.json");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerApplication.class).run(
                "--faas.worker.id=worker-7", "--faas.worker.socket=" + socket, "--management.server.port=0",
                "--faas.metrics.targets-dir=" + targets);
                ServiceClients clients = new ServiceClients("management-test", Duration.ofSeconds(10))) {
            int port = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);

            assertThat(Files.readString(target)).isEqualTo("[{\"targets\":[\"127.0.0.1:" + port
                    + "\"],\"labels\":{\"service\":\"worker\",\"worker\":\"worker-7\"}}]\n");
            HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body()).contains("faas_worker_modules_cached", "worker=\"worker-7\"");
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(info.body()).contains("\"build\"", "\"artifact\":\"worker-service\"");
            HttpResponse<String> liveness = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(liveness.body()).contains("\"UP\"");

            RestClient overSocket = clients.restClient(RestClient.builder(), Endpoint.unix(socket));
            assertThat(overSocket.get().uri("/actuator/health").retrieve().body(String.class))
                    .isEqualTo("{\"status\":\"UP\"}");
            assertThat(overSocket.get().uri("/actuator/health/readiness").retrieve().body(String.class))
                    .isEqualTo("{\"status\":\"UP\"}");
            assertThat(overSocket.get().uri("/actuator/prometheus").retrieve()
                    .onStatus(s -> true, (request, response) -> { }).toBodilessEntity().getStatusCode().value())
                    .isEqualTo(404);
        }
        assertThat(target).doesNotExist();
    }
}
