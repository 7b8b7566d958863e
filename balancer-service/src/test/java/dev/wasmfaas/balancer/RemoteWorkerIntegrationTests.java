package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneAnswer;
import dev.wasmfaas.common.lane.LaneServer;
import dev.wasmfaas.common.tls.TestCertificates;

/**
 * Remote workers: they register over the balancer's mutual-TLS listener with a lease, and are called at their
 * {@code https://} lane with the balancer's certificate. Only registrations with a lease and an https endpoint
 * get through there, never one that would replace a local worker; a peer of another CA or plain HTTP is refused;
 * a worker whose lease runs out is dropped and its call in flight ends as {@code 502 worker-lost}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteWorkerIntegrationTests {

    private static final Path DIR = shortTempDir();
    private static final Path SOCKET = DIR.resolve("balancer.sock");
    private static final int TLS_PORT = freePort();
    private static final TestCertificates.Leaf PLATFORM;
    private static final TestCertificates.Leaf STRANGER;

    static {
        try {
            PLATFORM = TestCertificates.authority(DIR.resolve("platform"), "platform").issue("peer");
            STRANGER = TestCertificates.authority(DIR.resolve("stranger"), "stranger").issue("intruder");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static ServiceClients clients;
    private static ChannelHttpClient remote;

    @Autowired
    private JsonMapper json;

    private BalancerCalls balancer;
    private final List<LaneServer> lanes = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("faas.balancer.socket", SOCKET::toString);
        registry.add("faas.balancer.tls.port", () -> TLS_PORT);
        registry.add("faas.balancer.tls.address", () -> "127.0.0.1");
        registry.add("faas.balancer.health-interval", () -> "500ms");
        registry.add("spring.ssl.bundle.pem.faas.keystore.certificate", () -> "file:" + PLATFORM.certificate());
        registry.add("spring.ssl.bundle.pem.faas.keystore.private-key", () -> "file:" + PLATFORM.key());
        registry.add("spring.ssl.bundle.pem.faas.truststore.certificate", () -> "file:" + PLATFORM.trusted());
    }

    @BeforeAll
    static void connect() {
        clients = new ServiceClients("test", Duration.ofSeconds(30));
        remote = new ChannelHttpClient("remote-test", PLATFORM.context());
    }

    @AfterAll
    static void disconnect() throws IOException {
        clients.close();
        remote.close();
        FileSystemUtils.deleteRecursively(DIR);
    }

    @BeforeEach
    void forgetWorkers() {
        balancer = new BalancerCalls(clients.restClient(RestClient.builder(), Endpoint.unix(SOCKET)), json);
        balancer.forgetWorkers();
    }

    @AfterEach
    void stopLanes() {
        lanes.forEach(LaneServer::close);
    }

    @Test
    void aRemoteWorkerRegisteredOverTlsTakesInvocationsOverTls() {
        LaneServer lane = remoteLane("far-1", null);
        assertThat(registerRemote(new WorkerRegistration("far-1", "https://127.0.0.1:" + lane.port(), 0, 2, 0, 60_000L))
                .status()).isEqualTo(200);

        Answer answer = balancer.invoke("over-tls");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.result().stdout()).isEqualTo("over-tls");
        assertThat(answer.worker()).isEqualTo("far-1");
        assertThat(balancer.worker("far-1").path("endpoint").asString()).startsWith("https://");
    }

    @Test
    void theTlsListenerTakesOnlyLeasedRegistrationsOfHttpsEndpointsAndNothingElse() {
        balancer.put(new WorkerRegistration("local-1", "unix:/tmp/none/worker-1.sock", 1, 1, 0));

        assertThat(registerRemote(new WorkerRegistration("far-2", "https://127.0.0.1:1", 0, 1, 0, null)).status())
                .isEqualTo(400);
        assertThat(registerRemote(new WorkerRegistration("far-2", "unix:/tmp/x.sock", 0, 1, 0, 10_000L)).status())
                .isEqualTo(400);
        assertThat(registerRemote(new WorkerRegistration("local-1", "https://127.0.0.1:1", 0, 1, 0, 10_000L))
                .status()).isEqualTo(403);
        assertThat(send("DELETE", "/workers/local-1", new byte[0]).status()).isEqualTo(403);
        assertThat(send("GET", "/workers", new byte[0]).status()).isEqualTo(404);
        assertThat(send("PUT", "/strategy", "{\"strategy\":\"FIFO\"}".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(404);
        assertThat(send("POST", "/invoke", new byte[0]).status()).isEqualTo(404);

        assertThat(balancer.worker("local-1").path("endpoint").asString()).startsWith("unix:");
        assertThat(balancer.strategy()).isEqualTo("RR");
    }

    @Test
    void peersOfAnotherAuthorityAndPlainHttpAreRefusedAtTheHandshake() throws IOException {
        try (ChannelHttpClient intruder = new ChannelHttpClient("intruder", STRANGER.context())) {
            assertThatThrownBy(() -> intruder.send(tlsEndpoint(), put(new WorkerRegistration("far-3",
                    "https://127.0.0.1:1", 0, 1, 0, 10_000L)))).isInstanceOf(ChannelHttpException.class);
        }
        try (Socket socket = new Socket("127.0.0.1", TLS_PORT)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /workers HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(readAll(socket), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("far-").doesNotContain("\"id\"");
        }
        assertThat(balancer.call(HttpMethod.GET, "/workers", null).json()).isEmpty();
    }

    @Test
    void aWorkerWhoseLeaseRunsOutIsDroppedAndItsCallInFlightIsLost() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LaneServer lane = remoteLane("far-4", release);
        assertThat(registerRemote(new WorkerRegistration("far-4", "https://127.0.0.1:" + lane.port(), 0, 1, 0, 1_500L))
                .status()).isEqualTo(200);

        CompletableFuture<Answer> held = balancer.invokeAsync("held", Executors.newVirtualThreadPerTaskExecutor());
        BalancerCalls.await(() -> balancer.worker("far-4").path("inFlight").asInt() == 1);
        // No renewal: the lease runs out while the call is held.
        Answer lost = held.get(30, TimeUnit.SECONDS);
        release.countDown();

        assertThat(lost.status()).isEqualTo(502);
        assertThat(lost.type()).endsWith("/worker-lost");
        assertThat(new String(lost.body(), StandardCharsets.UTF_8)).contains("its lease ran out or its health probes failed");
        assertThat(balancer.call(HttpMethod.GET, "/workers", null).json()).isEmpty();
    }

    @Test
    void renewingKeepsTheSameEntryAndItsCounters() throws Exception {
        LaneServer lane = remoteLane("far-5", null);
        WorkerRegistration registration = new WorkerRegistration("far-5", "https://127.0.0.1:" + lane.port(), 0, 1, 0,
                1_500L);
        assertThat(registerRemote(registration).status()).isEqualTo(200);
        assertThat(balancer.invoke("one").status()).isEqualTo(200);
        for (int i = 0; i < 6; i++) {
            Thread.sleep(500);
            assertThat(registerRemote(registration).status()).isEqualTo(200);
        }

        assertThat(balancer.worker("far-5").path("completed").asLong()).isEqualTo(1);
        assertThat(balancer.worker("far-5").path("state").asString()).isEqualTo("READY");
    }

    // A remote worker's lane: echoes its input after the latch (if any) opens, and answers the probe.
    private LaneServer remoteLane(String id, CountDownLatch hold) {
        LaneServer lane = InvocationLane.overTls(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                PLATFORM.context(), request -> {
                    if (hold != null) {
                        hold.await(30, TimeUnit.SECONDS);
                    }
                    List<String[]> headers = new ArrayList<>();
                    byte[] body = InvocationWire.writeResult(new InvocationResult(request.first(InvocationWire.ACTIVATION_ID),
                            InvocationStatus.SUCCESS, 0, new String(request.body(), StandardCharsets.UTF_8), "", 1, id,
                            null, false), (name, value) -> headers.add(new String[] {name, value}));
                    return new LaneAnswer(200, InvocationWire.CONTENT_TYPE, headers, body);
                }).withProbe(request -> InvocationLane.health(true));
        lane.start();
        lanes.add(lane);
        return lane;
    }

    private ChannelResponse registerRemote(WorkerRegistration registration) {
        try {
            return remote.send(tlsEndpoint(), put(registration));
        } catch (ChannelHttpException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private ChannelRequest put(WorkerRegistration registration) {
        return new ChannelRequest("PUT", "/workers/" + registration.id(),
                List.<String[]>of(new String[] {"Content-Type", "application/json"}), json.writeValueAsBytes(registration),
                Duration.ofSeconds(10), 1 << 20);
    }

    private ChannelResponse send(String method, String target, byte[] body) {
        try {
            return remote.send(tlsEndpoint(), new ChannelRequest(method, target,
                    List.<String[]>of(new String[] {"Content-Type", "application/json"}), body, Duration.ofSeconds(10),
                    1 << 20));
        } catch (ChannelHttpException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Endpoint tlsEndpoint() {
        return Endpoint.parse("https://127.0.0.1:" + TLS_PORT);
    }

    private static byte[] readAll(Socket socket) {
        try {
            return socket.getInputStream().readAllBytes();
        } catch (IOException ex) {
            return new byte[0];
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path shortTempDir() {
        try {
            return Files.createTempDirectory(Path.of("/tmp"), "bal-tls");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
