package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

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

    @Autowired
    private JsonMapper json;

    private BalancerCalls balancer;

    private final List<AutoCloseable> workers = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("faas.balancer.socket", SOCKET::toString);
        registry.add("faas.balancer.worker-timeout", () -> "2s");
    }

    @BeforeAll
    static void connect() {
        clients = new ServiceClients("test", Duration.ofSeconds(30));
    }

    @AfterAll
    static void disconnect() throws Exception {
        clients.close();
        FileSystemUtils.deleteRecursively(SOCKET_DIR);
    }

    @BeforeEach
    void forgetWorkers() {
        balancer = new BalancerCalls(clients.restClient(RestClient.builder(), Endpoint.unix(SOCKET)), json);
        balancer.forgetWorkers();
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
        assertThat(balancer.call(HttpMethod.GET, "/actuator/health", null).json().path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void invocationsReachTheWorkersInRotation() throws IOException {
        balancer.register(answering("w1"), answering("w2"), answering("w3"));

        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Answer answer = balancer.invoke("ping-" + i);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.result().stdout()).isEqualTo("ping-" + i);
            assertThat(answer.result().activationId()).isEqualTo("act-ping-" + i);
            picks.add(answer.worker());
        }

        assertThat(picks.subList(0, 3)).containsExactlyInAnyOrder("w1", "w2", "w3");
        assertThat(picks.subList(3, 6)).isEqualTo(picks.subList(0, 3));
        assertThat(balancer.call(HttpMethod.GET, "/workers", null).json()).allSatisfy(worker -> {
            assertThat(worker.path("state").asString()).isEqualTo("READY");
            assertThat(worker.path("completed").asLong()).isEqualTo(2);
            assertThat(worker.path("failed").asLong()).isZero();
            assertThat(worker.path("inFlight").asInt()).isZero();
            assertThat(worker.path("queued").asInt()).isZero();
        });
    }

    @Test
    void aRefusedCallRunsOnAnotherWorker() throws IOException {
        balancer.put(new WorkerRegistration("w1", "http://127.0.0.1:" + closedPort(), 1, 1, 1));
        balancer.register(answering("w2"));

        // Whichever turn w1 gets, the connection is refused before anything is sent: the call is placed again.
        for (int i = 0; i < 2; i++) {
            Answer answer = balancer.invoke("refused-" + i);
            assertThat(answer.status()).as("%s", answer).isEqualTo(200);
            assertThat(answer.worker()).isEqualTo("w2");
        }
        assertThat(balancer.state("w1")).isEqualTo("UNHEALTHY");
        assertThat(balancer.worker("w1").path("failed").asLong()).isEqualTo(1);
        assertThat(balancer.worker("w2").path("completed").asLong()).isEqualTo(2);
    }

    @Test
    void aStoppedWorkerIsSkipped() throws IOException {
        FakeWorker doomed = answering("w1");
        balancer.register(doomed, answering("w2"));
        assertThat(balancer.invoke("warm").status()).isEqualTo(200);
        assertThat(balancer.invoke("warm").status()).isEqualTo(200);

        doomed.stop();

        // A kept-alive connection may break (lost: the request was sent); a new one is refused (placed again).
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 6 && "READY".equals(balancer.state("w1")); i++) {
            answers.add(balancer.invoke("after-" + i));
        }
        assertThat(balancer.state("w1")).isEqualTo("UNHEALTHY");
        assertThat(answers).allSatisfy(answer -> {
            if (answer.status() == 200) {
                assertThat(answer.worker()).isEqualTo("w2");
            } else {
                assertWorkerLost(answer, "w1");
            }
        });
        for (int i = 0; i < 4; i++) {
            Answer answer = balancer.invoke("later-" + i);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.worker()).isEqualTo("w2");
        }
    }

    @Test
    void aWorkerHangingUpMidCallIsLostAndLeavesRotationUntilItsHealthProbeAnswers() throws IOException {
        balancer.register(track(FakeWorker.hangingUp("w1")));

        Answer lost = balancer.invoke("bye");
        assertWorkerLost(lost, "w1");
        assertThat(lost.json().path("detail").asString()).contains("out of rotation");
        assertThat(balancer.worker("w1").path("failed").asLong()).isEqualTo(1);
        // It still answers its health probe (every 2 s here), which puts it back.
        balancer.awaitState("w1", "READY");
    }

    @Test
    void aWorkerResettingTheConnectionIsLost() throws IOException {
        FakeWorker.ResettingWorker resetting = track(new FakeWorker.ResettingWorker());
        balancer.put(new WorkerRegistration("w1", resetting.endpoint(), 1, 1, 1));

        assertWorkerLost(balancer.invoke("reset"), "w1");
    }

    @Test
    void aSilentWorkerTimesOut() throws IOException {
        balancer.register(track(FakeWorker.silent("w1")));

        long started = System.nanoTime();
        Answer answer = balancer.invoke("anyone?");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.type()).isEqualTo("/problems/timeout");
        assertThat(answer.worker()).isEqualTo("w1");
    }

    @Test
    void aWorkersProblemIsRelayedUnchanged() throws IOException {
        for (int status : new int[] { 422, 500 }) {
            byte[] problem = ("{\"type\":\"/problems/from-worker\",\"status\":" + status
                    + ",\"ok\":false,\"detail\":\"as the worker wrote it\",\"extra\":{\"kept\":true}}")
                    .getBytes(StandardCharsets.UTF_8);
            balancer.register(track(FakeWorker.failing("w1", status, MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    problem)));

            Answer answer = balancer.invoke("x");

            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(answer.body()).isEqualTo(problem);
        }
        assertThat(balancer.worker("w1").path("failed").asLong()).isEqualTo(1);
    }

    @Test
    void noWorkerIsServiceUnavailable() {
        Answer answer = balancer.invoke("nobody");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.type()).isEqualTo("/problems/no-worker");
        assertThat(answer.json().path("ok").asBoolean(true)).isFalse();
    }

    @Test
    void aRemovedWorkerGetsNoMoreInvocations() throws IOException {
        balancer.register(answering("w1"), answering("w2"));

        assertThat(balancer.call(HttpMethod.DELETE, "/workers/w1", null).status()).isEqualTo(204);
        assertThat(balancer.call(HttpMethod.DELETE, "/workers/w1", null).status()).isEqualTo(404);

        assertThat(IntStream.range(0, 4).mapToObj(i -> balancer.invoke("r" + i).worker())).containsOnly("w2");
    }

    @Test
    void theSameRegistrationTwiceKeepsTheWorkersCounters() throws IOException {
        FakeWorker worker = answering("w1");
        balancer.register(worker);
        assertThat(balancer.invoke("counted").status()).isEqualTo(200);

        balancer.register(worker);

        assertThat(balancer.worker("w1").path("completed").asLong()).isEqualTo(1);
    }

    @Test
    void aMismatchedRegistrationIsRefused() throws IOException {
        Answer answer = balancer.call(HttpMethod.PUT, "/workers/w9", answering("w1").registration());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.type()).isEqualTo("/problems/bad-request");
        assertThat(balancer.call(HttpMethod.GET, "/workers", null).json()).isEmpty();
    }

    @Test
    void countsInvocationsByOutcomeAndPublishesTheGauges() throws IOException {
        double before = balancer.invocations("ok");
        balancer.register(answering("w1"));

        balancer.invoke("counted");

        assertThat(balancer.invocations("ok")).isEqualTo(before + 1);
        assertThat(balancer.metric("faas.balancer.workers.ready", "")).isEqualTo(1);
        assertThat(balancer.metric("faas.balancer.worker.inflight", "?tag=worker:w1")).isZero();
        assertThat(balancer.queueDepth()).isZero();
        assertThat(balancer.invocations("no-worker")).isNotNegative();
        assertThat(balancer.invocations("queue-full")).isNotNegative();
    }

    private static void assertWorkerLost(Answer answer, String workerId) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(502);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.type()).isEqualTo("/problems/worker-lost");
        assertThat(answer.json().path("ok").asBoolean(true)).isFalse();
        assertThat(answer.worker()).isEqualTo(workerId);
        assertThat(answer.json().path("detail").asString()).contains(workerId).contains("broke");
    }

    private FakeWorker answering(String id) throws IOException {
        return track(FakeWorker.answering(id));
    }

    private <T extends AutoCloseable> T track(T worker) {
        workers.add(worker);
        return worker;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path shortTempDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "bal");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
