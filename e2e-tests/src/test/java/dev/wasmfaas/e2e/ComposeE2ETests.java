package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import tools.jackson.databind.JsonNode;

/**
 * {@code docker compose up} of the repository's {@code docker-compose.yml}, then the README's
 * calls: deploy and invoke through the gateway, the invocation counted by Prometheus, the
 * dashboard provisioned in Grafana.
 *
 * <p>Needs a Docker engine with the compose plugin. Without one (the reference machines have
 * none) the class is skipped, not failed: Testcontainers reports "Docker is not available".
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeE2ETests {

    private static final int GATEWAY = 8080;
    private static final int PROMETHEUS = 9090;
    private static final int GRAFANA = 3000;

    @Container
    static final ComposeContainer COMPOSE = new ComposeContainer(Suite.HOME.resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withEnv("FAAS_POOL_SIZE", "2")
            .withExposedService("gateway", GATEWAY, Wait.forHttp("/actuator/health").forStatusCode(200))
            .withExposedService("prometheus", PROMETHEUS, Wait.forHttp("/-/ready").forStatusCode(200))
            .withExposedService("grafana", GRAFANA, Wait.forHttp("/api/health").forStatusCode(200))
            .withStartupTimeout(Duration.ofMinutes(20));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theReadmeCallsWorkAndTheInvocationsReachPrometheusAndGrafana() throws Exception {
        File hello = Suite.HOME.resolve("functions/examples/hello.c").toFile();
        HttpResponse<String> deployed = send(HttpRequest.newBuilder(uri("gateway", GATEWAY, "/deploy?name=hello&lang=c"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(hello.toPath()))));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> invoked = send(HttpRequest.newBuilder(uri("gateway", GATEWAY, "/invoke?fn=hello"))
                    .POST(HttpRequest.BodyPublishers.ofString("compose")));
            assertThat(invoked.statusCode()).as(invoked.body()).isEqualTo(200);
            assertThat(Api.JSON.readTree(invoked.body()).get("output").asString()).contains("compose");
        }

        // The workers live inside the server container: Prometheus finds them through the target files.
        String counted = "sum(faas_invocations_total{function=\"hello\"})";
        double invocations = awaitValue(counted, Duration.ofMinutes(2), 5);
        assertThat(invocations).isEqualTo(5.0);
        JsonNode targets = Api.JSON.readTree(send(HttpRequest.newBuilder(
                uri("prometheus", PROMETHEUS, "/api/v1/targets?state=active"))).body());
        assertThat(targets.toString()).contains("\"service\":\"gateway\"", "\"service\":\"server\"",
                "\"service\":\"balancer\"", "\"service\":\"worker\"");

        HttpResponse<String> dashboard = send(HttpRequest.newBuilder(uri("grafana", GRAFANA, "/api/dashboards/uid/wasm-faas"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8))));
        assertThat(dashboard.statusCode()).as(dashboard.body()).isEqualTo(200);
        assertThat(dashboard.body()).contains("faas_invocations_total");
    }

    private double awaitValue(String query, Duration within, double expected) throws Exception {
        Instant deadline = Instant.now().plus(within);
        double last = Double.NaN;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("prometheus", PROMETHEUS,
                    "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))));
            JsonNode result = Api.JSON.readTree(answer.body()).path("data").path("result");
            if (!result.isEmpty()) {
                last = Double.parseDouble(result.get(0).path("value").get(1).asString());
                if (last == expected) {
                    return last;
                }
            }
            Thread.sleep(1000);
        }
        return last;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String service, int port, String pathAndQuery) {
        return URI.create("http://" + COMPOSE.getServiceHost(service, port) + ":" + COMPOSE.getServicePort(service, port)
                + pathAndQuery);
    }
}
