package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;

/**
 * The balancer on a real UNIX socket, called over HTTP like the server calls it, in front of
 * workers that are real HTTP servers on loopback ports.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BalancerIntegrationTests {

    // A short directory: a socket path must stay under about 100 characters.
    private static final Path SOCKET_DIR = shortTempDir();
    private static final Path SOCKET = SOCKET_DIR.resolve("balancer.sock");

    private static ServiceClients clients;
    private static RestClient balancer;

    @Autowired
    private JsonMapper json;

    private final List<AutoCloseable> workers = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("faas.balancer.socket", SOCKET::toString);
        registry.add("faas.balancer.worker-timeout", () -> "2s");
    }

    @BeforeAll
    static void connect() {
        clients = new ServiceClients("test", Duration.ofSeconds(30));
        balancer = clients.restClient(RestClient.builder(), Endpoint.unix(SOCKET));
    }

    @AfterAll
    static void disconnect() throws Exception {
        clients.close();
        FileSystemUtils.deleteRecursively(SOCKET_DIR);
    }

    @BeforeEach
    void forgetWorkers() {
        for (JsonNode worker : call(HttpMethod.GET, "/workers", null).json()) {
            call(HttpMethod.DELETE, "/workers/" + worker.path("id").asString(), null);
        }
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (AutoCloseable worker : workers) {
            worker.close();
        }
    }

    @Test
    void listensOnItsSocketForItsOwnerOnly() throws IOException {
        assertThat(Files.getPosixFilePermissions(SOCKET)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(call(HttpMethod.GET, "/actuator/health", null).json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void invocationsReachTheWorkersInRotation() throws IOException {
        register(answering("w1"), answering("w2"), answering("w3"));

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Answer answer = invoke("ping-" + i);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("stdout").asString()).isEqualTo("ping-" + i);
            assertThat(answer.json().path("activationId").asString()).isEqualTo("act-ping-" + i);
            picks.add(answer.json().path("worker").asString());
        }

        assertThat(picks.subList(0, 3)).containsExactlyInAnyOrder("w1", "w2", "w3");
        assertThat(picks.subList(3, 6)).isEqualTo(picks.subList(0, 3));
        assertThat(call(HttpMethod.GET, "/workers", null).json()).allSatisfy(worker -> {
            assertThat(worker.path("state").asString()).isEqualTo("READY");
            assertThat(worker.path("completed").asLong()).isEqualTo(2);
            assertThat(worker.path("failed").asLong()).isZero();
            assertThat(worker.path("inFlight").asInt()).isZero();
        });
    }

    @Test
    void aStoppedWorkerIsLostThenSkipped() throws IOException {
        FakeWorker doomed = answering("w1");
        register(doomed, answering("w2"));
        assertThat(invoke("warm").status()).isEqualTo(200);
        assertThat(invoke("warm").status()).isEqualTo(200);

        doomed.stop();

        // A kept-alive connection may first break (lost, still in rotation); a new one is refused (out of rotation).
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 4 && !"DEAD".equals(state("w1")); i++) {
            answers.add(invoke("after-" + i));
        }
        List<Answer> lost = answers.stream().filter(answer -> answer.status() != 200).toList();
        assertThat(lost).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(answer.json().path("type").asString()).isEqualTo("/problems/worker-lost");
            assertThat(answer.json().path("ok").asBoolean(true)).isFalse();
            assertThat(answer.json().path("worker").asString()).isEqualTo("w1");
            assertThat(answer.json().path("detail").asString()).contains("w1");
        });
        assertThat(state("w1")).isEqualTo("DEAD");

        for (int i = 0; i < 4; i++) {
            Answer answer = invoke("later-" + i);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json().path("worker").asString()).isEqualTo("w2");
        }
        assertThat(worker("w1").path("failed").asLong()).isEqualTo(lost.size());
    }

    @Test
    void aWorkerHangingUpMidCallIsLost() throws IOException {
        register(track(FakeWorker.hangingUp("w1")));

        assertWorkerLost(invoke("bye"), "w1");
        assertThat(worker("w1").path("state").asString()).isEqualTo("READY");
        assertThat(worker("w1").path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void aWorkerResettingTheConnectionIsLost() throws IOException {
        FakeWorker.ResettingWorker resetting = track(new FakeWorker.ResettingWorker());
        put(new WorkerRegistration("w1", resetting.endpoint(), 1, 1, 1));

        assertWorkerLost(invoke("reset"), "w1");
    }

    @Test
    void aSilentWorkerTimesOut() throws IOException {
        register(track(FakeWorker.silent("w1")));

        long started = System.nanoTime();
        Answer answer = invoke("anyone?");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.json().path("type").asString()).isEqualTo("/problems/timeout");
        assertThat(answer.json().path("worker").asString()).isEqualTo("w1");
    }

    @Test
    void aWorkersProblemIsRelayedUnchanged() throws IOException {
        for (int status : new int[] { 422, 500 }) {
            byte[] problem = ("{\"type\":\"/problems/from-worker\",\"status\":" + status
                    + ",\"ok\":false,\"detail\":\"as the worker wrote it\",\"extra\":{\"kept\":true}}")
                    .getBytes(StandardCharsets.UTF_8);
            register(track(FakeWorker.failing("w1", status, MediaType.APPLICATION_PROBLEM_JSON_VALUE, problem)));

            Answer answer = invoke("x");

            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(answer.body()).isEqualTo(problem);
        }
        assertThat(worker("w1").path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void noWorkerIsServiceUnavailable() {
        Answer answer = invoke("nobody");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.json().path("type").asString()).isEqualTo("/problems/no-worker");
        assertThat(answer.json().path("ok").asBoolean(true)).isFalse();
    }

    @Test
    void aRemovedWorkerGetsNoMoreInvocations() throws IOException {
        register(answering("w1"), answering("w2"));

        assertThat(call(HttpMethod.DELETE, "/workers/w1", null).status()).isEqualTo(204);
        assertThat(call(HttpMethod.DELETE, "/workers/w1", null).status()).isEqualTo(404);

        assertThat(IntStream.range(0, 4).mapToObj(i -> invoke("r" + i).json().path("worker").asString()))
                .containsOnly("w2");
    }

    @Test
    void aMismatchedRegistrationIsRefused() throws IOException {
        Answer answer = call(HttpMethod.PUT, "/workers/w9", answering("w1").registration());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("type").asString()).isEqualTo("/problems/bad-request");
        assertThat(call(HttpMethod.GET, "/workers", null).json()).isEmpty();
    }

    @Test
    void countsInvocationsByOutcomeAndReadyWorkers() throws IOException {
        double before = invocations("ok");
        register(answering("w1"));

        invoke("counted");

        assertThat(invocations("ok")).isEqualTo(before + 1);
        assertThat(metric("faas.balancer.workers.ready", "")).isEqualTo(1);
        assertThat(metric("faas.balancer.invocations", "?tag=outcome:no-worker")).isNotNegative();
    }

    private void assertWorkerLost(Answer answer, String workerId) {
        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().path("type").asString()).isEqualTo("/problems/worker-lost");
        assertThat(answer.json().path("worker").asString()).isEqualTo(workerId);
        assertThat(answer.json().path("detail").asString()).contains(workerId).contains("broke");
    }

    private FakeWorker answering(String id) throws IOException {
        return track(FakeWorker.answering(id, json));
    }

    private <T extends AutoCloseable> T track(T worker) {
        workers.add(worker);
        return worker;
    }

    private void register(FakeWorker... fakes) {
        for (FakeWorker fake : fakes) {
            put(fake.registration());
        }
    }

    private void put(WorkerRegistration registration) {
        Answer answer = call(HttpMethod.PUT, "/workers/" + registration.id(), registration);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("state").asString()).isEqualTo("READY");
    }

    private Answer invoke(String input) {
        return call(HttpMethod.POST, "/invoke", new InvocationRequest("act-" + input, "hello_1", "hello", "c",
                "/srv/functions/hello_1/module.wasm", "0".repeat(64), input.getBytes(StandardCharsets.UTF_8),
                List.of(), Map.of(), null));
    }

    private JsonNode worker(String id) {
        for (JsonNode worker : call(HttpMethod.GET, "/workers", null).json()) {
            if (worker.path("id").asString().equals(id)) {
                return worker;
            }
        }
        throw new AssertionError("no worker " + id);
    }

    private String state(String id) {
        return worker(id).path("state").asString();
    }

    private double invocations(String outcome) {
        return metric("faas.balancer.invocations", "?tag=outcome:" + outcome);
    }

    private double metric(String name, String query) {
        Answer answer = call(HttpMethod.GET, "/actuator/metrics/" + name + query, null);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("measurements").get(0).path("value").asDouble();
    }

    private Answer call(HttpMethod method, String uri, Object body) {
        RestClient.RequestBodySpec request = balancer.method(method).uri(uri);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
        }
        return request.exchange((req, response) -> new Answer(json, response.getStatusCode().value(),
                response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE), response.getBody().readAllBytes()));
    }

    private static Path shortTempDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "bal");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** What the balancer answered, read as it arrived. */
    record Answer(JsonMapper mapper, int status, String contentType, byte[] body) {

        JsonNode json() {
            return mapper.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + new String(body, StandardCharsets.UTF_8);
        }
    }
}
