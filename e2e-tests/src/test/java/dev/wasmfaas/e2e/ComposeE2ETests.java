package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

/**
 * The containers as a user runs them: the images built by {@code ./faas images --offline} (no registry is needed),
 * {@code up} of the repository's {@code docker-compose.yml} until the health checks pass, then the public API
 * through the published gateway port, a worker killed inside the server's container, a restart of that container,
 * Prometheus's view of every target, and {@code down -v} leaving nothing behind.
 *
 * <p>Skipped, with the reason, only where no Docker daemon answers ({@code ./faas test} installs and starts one
 * where it can, and says why when it cannot).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(DockerCondition.class)
class ComposeE2ETests {

    private static final Path HELLO_C = Suite.HOME.resolve("functions/examples/hello.c");
    private static final Path HELLO_PY = Suite.HOME.resolve("functions/examples/hello.py");
    private static final int INVOCATIONS = 200;
    private static final Duration START = Duration.ofMinutes(5);

    static ComposeProject compose;
    static Api api;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void buildAndUp() throws Exception {
        compose = new ComposeProject();
        compose.faas(Duration.ofMinutes(12), "images", "--offline");
        compose.compose(START, "up", "-d");
        for (String service : List.of("balancer", "server", "gateway")) {
            compose.awaitHealthy(service, START);
        }
        api = new Api(compose::gateway);
    }

    @AfterAll
    static void down() throws Exception {
        if (compose != null) {
            compose.compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
        }
    }

    @Test
    @Order(1)
    void containersRunUnprivilegedReadOnlyLimitedAndOnlyTheGatewayAndPrometheusArePublishedOnLoopback()
            throws Exception {
        for (String service : List.of("balancer", "server", "gateway")) {
            String id = compose.container(service);
            assertThat(compose.docker("exec", id, "id", "-u").strip()).as(service).isEqualTo("10001");
            String[] settings = compose.docker("inspect", "--format",
                    "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}", id).strip().split(" ");
            assertThat(settings[0]).as(service + ": read-only root").isEqualTo("true");
            assertThat(Long.parseLong(settings[1])).as(service + ": memory limit").isPositive();
            assertThat(Long.parseLong(settings[2])).as(service + ": CPU limit").isPositive();
        }
        List<String> published = new ArrayList<>();
        for (String service : List.of("balancer", "server", "gateway", "prometheus")) {
            compose.docker("port", compose.container(service)).lines().filter(l -> !l.isBlank())
                    .forEach(l -> published.add(service + " " + l.strip()));
        }
        assertThat(published).containsExactlyInAnyOrder(
                "gateway 8080/tcp -> 127.0.0.1:" + compose.gatewayPort,
                "prometheus 9090/tcp -> 127.0.0.1:" + compose.prometheusPort);
    }

    @Test
    @Order(2)
    void deploysCAndPythonThroughThePublishedGatewayAndServesTheSource() throws Exception {
        assertThat(api.deploy("hello", HELLO_C)).startsWith("hello_");
        HttpResponse<String> python = api.post("/deploy?name=hellopy&lang=python", Files.readAllBytes(HELLO_PY));
        assertThat(python.statusCode()).as(python.body()).isEqualTo(201);

        assertThat(api.invoke("hello", "from C").get("output").asString()).isEqualTo("Hello from FAAS!\nfrom C");
        // Python runs in bubblewrap inside the server's container.
        assertThat(api.invoke("hellopy", "from Python").get("output").asString())
                .isEqualTo("Hello from FAAS!\nfrom Python");

        HttpResponse<byte[]> source = api.getBytes("/function/hello");
        assertThat(source.statusCode()).isEqualTo(200);
        assertThat(source.body()).isEqualTo(Files.readAllBytes(HELLO_C));
    }

    @Test
    @Order(3)
    void twoHundredConcurrentInvocationsEachAnswerTheirOwnPayload() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            String fn = i % 2 == 0 ? "hello" : "hellopy";
            answers.add(HTTP.sendAsync(HttpRequest.newBuilder(compose.gateway("/invoke?fn=" + fn))
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString(payload(i))).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < INVOCATIONS; i++) {
            HttpResponse<String> answer = answers.get(i).join();
            JsonNode body = Api.okJson(answer);
            assertThat(body.get("output").asString()).as("invocation %d", i).isEqualTo("Hello from FAAS!\n" + payload(i));
        }
    }

    @Test
    @Order(4)
    void aWorkerKilledInsideTheServersContainerIsReplacedAndThePoolIsWholeAgain() throws Exception {
        JsonNode before = api.workers();
        long pid = before.get("workers").get(0).get("pid").asLong();
        int restarts = before.get("restarts").asInt();

        compose.docker("exec", compose.container("server"), "bash", "-c", "kill -9 " + pid);

        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode workers = before;
        while (Instant.now().isBefore(deadline)) {
            workers = api.workers();
            if (whole(workers, pid) && workers.get("restarts").asInt() > restarts) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(whole(workers, pid)).as(workers.toString()).isTrue();
        assertThat(workers.get("restarts").asInt()).isGreaterThan(restarts);
        for (int i = 0; i < 8; i++) {
            assertThat(api.invoke(i % 2 == 0 ? "hello" : "hellopy", "after " + i).get("output").asString())
                    .isEqualTo("Hello from FAAS!\nafter " + i);
        }
    }

    @Test
    @Order(5)
    void aRestartedServerContainerKeepsEveryDeployedFunction() throws Exception {
        compose.compose(Duration.ofMinutes(3), "restart", "server");
        compose.awaitHealthy("server", START);

        JsonNode output = invokeWhenBack("hello", "after the restart");
        assertThat(output.get("output").asString()).isEqualTo("Hello from FAAS!\nafter the restart");
        assertThat(invokeWhenBack("hellopy", "and Python").get("output").asString())
                .isEqualTo("Hello from FAAS!\nand Python");
        Set<String> names = new TreeSet<>();
        Api.okJsonWithoutOk(api.get("/functions")).forEach(f -> names.add(f.get("name").asString()));
        assertThat(names).containsExactly("hello", "hellopy");
    }

    @Test
    @Order(6)
    void prometheusInItsContainerReportsEveryTargetUp() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        JsonNode targets = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(compose.prometheus("/api/v1/targets?state=active"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            targets = Api.JSON.readTree(answer.body()).path("data").path("activeTargets");
            if (services(targets).containsAll(List.of("balancer", "gateway", "server", "worker")) && allUp(targets)) {
                break;
            }
            Thread.sleep(2000);
        }
        assertThat(targets).as("active targets").isNotNull();
        assertThat(services(targets)).containsExactlyInAnyOrder("balancer", "gateway", "server", "worker");
        assertThat(allUp(targets)).as(targets.toString()).isTrue();
        // The pool and its spare: every worker process is a target of its own.
        long workers = targets.valueStream().filter(t -> t.path("labels").path("service").asString().equals("worker")).count();
        assertThat(workers).isGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(7)
    void downRemovesEveryContainerNetworkAndVolume() throws Exception {
        compose.compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");

        assertThat(compose.leftovers()).isEmpty();
    }

    private static String payload(int i) {
        return "payload " + i + " of " + INVOCATIONS + " " + "x".repeat(i);
    }

    private static boolean whole(JsonNode workers, long killed) {
        int ready = 0;
        for (JsonNode worker : workers.get("workers")) {
            if (worker.get("pid").asLong() == killed) {
                return false;
            }
            if (!worker.get("spare").asBoolean() && worker.get("state").asString().equals("ready")) {
                ready++;
            }
        }
        return workers.get("size").asInt() == 2 && ready == 2;
    }

    // The gateway reaches the new server once it listens on the socket again.
    private static JsonNode invokeWhenBack(String fn, String input) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.post("/invoke?fn=" + fn, input.getBytes(StandardCharsets.UTF_8));
            if (last.statusCode() == 200) {
                return Api.okJson(last);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no successful invocation of " + fn + " after the restart; last: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private static Set<String> services(JsonNode targets) {
        Set<String> services = new TreeSet<>();
        targets.forEach(t -> services.add(t.path("labels").path("service").asString()));
        return services;
    }

    private static boolean allUp(JsonNode targets) {
        return !targets.isEmpty() && targets.valueStream().allMatch(t -> t.path("health").asString().equals("up"));
    }
}
