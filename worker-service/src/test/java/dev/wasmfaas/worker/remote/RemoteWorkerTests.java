package dev.wasmfaas.worker.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.lane.LaneServer;
import dev.wasmfaas.common.tls.TestCertificates;
import dev.wasmfaas.worker.WasmModules;

/**
 * A worker in remote mode against a balancer and a server played by real HTTPS servers that require the
 * platform's client certificate: it registers itself with a lease and renews it, serves its lane over mutual
 * TLS, fetches a module it does not have by digest (once), checks its SHA-256, compiles it with Wasmtime and
 * runs it; a module whose bytes are not its digest is refused and not kept.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "faas.worker.id=far-worker")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteWorkerTests {

    private static final Path DIR = tempDir();
    private static final int LANE_PORT = freePort();
    private static final TestCertificates.Leaf PLATFORM;
    private static final HttpsServer PLATFORM_SIDE;
    private static final List<String> REGISTRATIONS = new CopyOnWriteArrayList<>();
    private static final Map<String, byte[]> MODULES = new ConcurrentHashMap<>();
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static final String ADD = """
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "fetched and compiled here\\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 26))
                (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
            """;

    static {
        try {
            PLATFORM = TestCertificates.authority(DIR.resolve("ca"), "platform").issue("peer");
            // The balancer's registration route and the server's module route, both behind mutual TLS.
            PLATFORM_SIDE = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            PLATFORM_SIDE.setHttpsConfigurator(new HttpsConfigurator(PLATFORM.context()) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                    parameters.setNeedClientAuth(true);
                    params.setSSLParameters(parameters);
                }
            });
            PLATFORM_SIDE.createContext("/workers/", exchange -> {
                REGISTRATIONS.add(exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("DELETE") ? 204 : 200, -1);
                exchange.close();
            });
            PLATFORM_SIDE.createContext("/modules/", exchange -> {
                FETCHES.incrementAndGet();
                String digest = exchange.getRequestURI().getPath().substring("/modules/".length());
                byte[] module = MODULES.get(digest);
                if (module == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, module.length);
                    exchange.getResponseBody().write(module);
                }
                exchange.close();
            });
            PLATFORM_SIDE.start();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private final ChannelHttpClient balancer = new ChannelHttpClient("balancer-test", PLATFORM.context());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String platformSide = "https://127.0.0.1:" + PLATFORM_SIDE.getAddress().getPort();
        registry.add("faas.worker.tcp.port", () -> LANE_PORT);
        registry.add("faas.worker.tcp.address", () -> "127.0.0.1");
        registry.add("faas.worker.remote.balancer", () -> platformSide);
        registry.add("faas.worker.remote.server", () -> platformSide);
        registry.add("faas.worker.remote.advertise", () -> "https://127.0.0.1:" + LANE_PORT);
        registry.add("faas.worker.remote.lease", () -> "1500ms");
        registry.add("faas.worker.remote.module-dir", () -> DIR.resolve("modules").toString());
        registry.add("spring.ssl.bundle.pem.faas.keystore.certificate", () -> "file:" + PLATFORM.certificate());
        registry.add("spring.ssl.bundle.pem.faas.keystore.private-key", () -> "file:" + PLATFORM.key());
        registry.add("spring.ssl.bundle.pem.faas.truststore.certificate", () -> "file:" + PLATFORM.trusted());
    }

    @AfterAll
    static void stop() throws IOException {
        PLATFORM_SIDE.stop(0);
        FileSystemUtils.deleteRecursively(DIR);
    }

    @BeforeEach
    void reset() {
        FETCHES.set(0);
    }

    @Test
    void registersItselfWithALeaseAndRenewsIt() throws InterruptedException {
        while (REGISTRATIONS.size() < 3) {
            Thread.sleep(50);
        }

        assertThat(REGISTRATIONS.getFirst()).startsWith("PUT ").contains("\"id\":\"far-worker\"")
                .contains("\"endpoint\":\"https://127.0.0.1:" + LANE_PORT + "\"").contains("\"leaseMs\":1500");
        assertThat(REGISTRATIONS.subList(0, 3)).containsOnly(REGISTRATIONS.getFirst());
    }

    @Test
    void fetchesAModuleItDoesNotHaveOnceChecksAndCompilesIt() throws Exception {
        byte[] module = ADD.getBytes(StandardCharsets.UTF_8);
        String digest = WasmModules.sha256(module);
        MODULES.put(digest, module);

        for (int i = 0; i < 3; i++) {
            InvocationResult result = invoke(request(digest));
            assertThat(result.status()).as("%s", result).isEqualTo(InvocationStatus.SUCCESS);
            assertThat(result.stdout()).isEqualTo("fetched and compiled here\n");
            assertThat(result.worker()).isEqualTo("far-worker");
        }

        assertThat(FETCHES).hasValue(1);
        assertThat(Files.readAllBytes(DIR.resolve("modules").resolve(digest))).isEqualTo(module);
    }

    @Test
    void aPageTravelsTheSameWay() throws Exception {
        byte[] page = "<p>fetched by digest</p>".getBytes(StandardCharsets.UTF_8);
        String digest = WasmModules.sha256(page);
        MODULES.put(digest, page);
        InvocationRequest request = request(digest);

        InvocationResult result = invoke(new InvocationRequest(request.activationId(), "page_1", "page", "html",
                "/srv/faas/functions/page_1/index.html", digest, new byte[0], List.of(), Map.of(), Limits.DEFAULTS));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.stdout()).isEqualTo("<p>fetched by digest</p>");
        assertThat(FETCHES).hasValue(1);
    }

    @Test
    void aModuleWhoseBytesAreNotItsDigestIsRefusedAndNotKept() throws Exception {
        String digest = WasmModules.sha256("the real module".getBytes(StandardCharsets.UTF_8));
        MODULES.put(digest, "something else".getBytes(StandardCharsets.UTF_8));

        ChannelResponse answer = call(request(digest));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("/problems/internal").contains("refused");
        assertThat(DIR.resolve("modules").resolve(digest)).doesNotExist();
    }

    @Test
    void aDigestTheServerDoesNotKnowIsNotFound() throws Exception {
        ChannelResponse answer = call(request("ab".repeat(32)));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("/problems/function-not-found");
    }

    @Test
    void answersTheHealthProbeOverTls() throws Exception {
        ChannelResponse health = balancer.send(lane(), ChannelRequest.of("GET", LaneServer.HEALTH_PATH,
                Duration.ofSeconds(5), 1024));

        assertThat(health.status()).isEqualTo(200);
    }

    // As the server sends it: the artifact's path is on the server's host, and means nothing here.
    private static InvocationRequest request(String digest) {
        return new InvocationRequest("act-" + System.nanoTime(), "add_1", "add", "wasm", "/srv/faas/functions/add_1/module.wasm",
                digest, new byte[0], List.of(), Map.of(), Limits.DEFAULTS);
    }

    private InvocationResult invoke(InvocationRequest request) throws ChannelHttpException {
        ChannelResponse response = call(request);
        assertThat(response.status()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return InvocationWire.readResult(InvocationWire.Headers.of(response.headers()), response.body());
    }

    private ChannelResponse call(InvocationRequest request) throws ChannelHttpException {
        List<String[]> headers = new ArrayList<>();
        InvocationWire.writeRequest(request, (name, value) -> headers.add(new String[] {name, value}));
        return balancer.send(lane(), new ChannelRequest("POST", "/invoke", headers, request.input(),
                Duration.ofSeconds(30), 1 << 20));
    }

    private static Endpoint lane() {
        return Endpoint.parse("https://127.0.0.1:" + LANE_PORT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("remote-worker");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
