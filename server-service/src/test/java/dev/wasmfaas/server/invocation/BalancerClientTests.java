package dev.wasmfaas.server.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.server.TestProperties;

/** The balancer client against a real local HTTP server standing in for the balancer. */
class BalancerClientTests {

    @TempDir
    Path dir;
    private HttpServer balancer;
    private ServiceClients clients;
    private final AtomicReference<String> lastRequest = new AtomicReference<>();
    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        balancer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        balancer.createContext("/invoke", exchange -> {
            lastRequest.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            lastHeaders.set(exchange.getRequestHeaders());
            byte[] answer = InvocationWire.writeResult(new InvocationResult("a1", InvocationStatus.SUCCESS, 0, "hi\n",
                    "warn ✓", 2, "worker-1", null, true), exchange.getResponseHeaders()::add);
            exchange.getResponseHeaders().add("Content-Type", InvocationWire.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        balancer.createContext("/workers/", exchange -> {
            lastRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] problem = "{\"type\":\"/problems/bad-request\",\"status\":400,\"ok\":false}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(400, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
        });
        balancer.start();
        clients = new ServiceClients("test", Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        balancer.stop(0);
        clients.close();
    }

    @Test
    void sendsTheInputAsTheBodyAndTheRestInHeadersAndReadsTheResult() {
        BalancerClient client = client("http://127.0.0.1:" + balancer.getAddress().getPort());
        InvocationResult result = client.invoke(new InvocationRequest("a1", "hello_1", "hello", "c", "/f/module.wasm",
                "ab", "in".getBytes(StandardCharsets.UTF_8), List.of("x"), Map.of("K", "V"), Limits.DEFAULTS));

        assertThat(result).isEqualTo(new InvocationResult("a1", InvocationStatus.SUCCESS, 0, "hi\n", "warn ✓", 2,
                "worker-1", null, true));
        assertThat(lastRequest.get()).isEqualTo("in");
        assertThat(lastHeaders.get().getFirst(InvocationWire.FUNCTION_ID)).isEqualTo("hello_1");
        assertThat(lastHeaders.get().get(InvocationWire.ENV)).containsExactly("K=V");
        assertThat(lastHeaders.get().get(InvocationWire.ARG)).containsExactly("x");
        assertThat(lastHeaders.get().getFirst(InvocationWire.TIMEOUT_MS)).isEqualTo("10000");
    }

    @Test
    void relaysTheBalancersProblemUnchanged() {
        BalancerClient client = client("http://127.0.0.1:" + balancer.getAddress().getPort());

        assertThatThrownBy(() -> client.register(new WorkerRegistration("worker-1", "unix:/x", 1, 4, 4)))
                .isInstanceOfSatisfying(RemoteProblemException.class, ex -> {
                    assertThat(ex.status()).isEqualTo(400);
                    assertThat(new String(ex.body(), StandardCharsets.UTF_8)).contains("\"ok\":false");
                });
        assertThat(lastRequest.get()).isEqualTo("PUT /workers/worker-1");
    }

    @Test
    void saysWhenTheBalancerCannotBeReached() {
        BalancerClient client = client("unix:" + dir.resolve("absent.sock"));

        assertThatThrownBy(() -> client.invoke(new InvocationRequest("a", "f_1", "f", "c", "/x", "d", null, null,
                null, null))).isInstanceOfSatisfying(FaasException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.UPSTREAM_UNAVAILABLE));
    }

    private BalancerClient client(String endpoint) {
        return new BalancerClient(clients, TestProperties.in(dir, endpoint));
    }
}
