package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.WorkerRegistration;

/** The calls a test makes to a running balancer over real HTTP, as the server makes them. */
final class BalancerCalls {

    private final RestClient balancer;
    private final JsonMapper json;

    BalancerCalls(RestClient balancer, JsonMapper json) {
        this.balancer = balancer;
        this.json = json;
    }

    Answer call(HttpMethod method, String uri, Object body) {
        RestClient.RequestBodySpec request = balancer.method(method).uri(uri);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(body));
        }
        return exchange(request);
    }

    private Answer exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((req, response) -> new Answer(json, response.getStatusCode().value(),
                response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), response.getBody().readAllBytes(),
                HttpHeaders.copyOf(response.getHeaders())));
    }

    /** An invocation as the server sends it: the input as the body, the rest in {@code Faas-*} headers. */
    Answer invoke(String input) {
        InvocationRequest request = new InvocationRequest("act-" + input, "hello_1", "hello", "c",
                "/srv/functions/hello_1/module.wasm", "0".repeat(64), input.getBytes(StandardCharsets.UTF_8),
                List.of(), Map.of(), null);
        return exchange(balancer.post().uri("/invoke").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .headers(headers -> InvocationWire.writeRequest(request, headers::add)).body(request.input()));
    }

    CompletableFuture<Answer> invokeAsync(String input, Executor threads) {
        return CompletableFuture.supplyAsync(() -> invoke(input), threads);
    }

    void register(FakeWorker... fakes) {
        for (FakeWorker fake : fakes) {
            put(fake.registration());
        }
    }

    void put(WorkerRegistration registration) {
        Answer answer = call(HttpMethod.PUT, "/workers/" + registration.id(), registration);
        assertThat(answer.status()).as("registering %s: %s", registration.id(), answer).isEqualTo(200);
        assertThat(answer.json().path("state").asString()).isEqualTo("READY");
    }

    void forgetWorkers() {
        for (JsonNode worker : call(HttpMethod.GET, "/workers", null).json()) {
            call(HttpMethod.DELETE, "/workers/" + worker.path("id").asString(), null);
        }
    }

    Answer useStrategy(String strategy) {
        return call(HttpMethod.PUT, "/strategy", Map.of("strategy", strategy));
    }

    String strategy() {
        return call(HttpMethod.GET, "/strategy", null).json().path("strategy").asString();
    }

    JsonNode worker(String id) {
        for (JsonNode worker : call(HttpMethod.GET, "/workers", null).json()) {
            if (worker.path("id").asString().equals(id)) {
                return worker;
            }
        }
        throw new AssertionError("no worker " + id);
    }

    String state(String id) {
        return worker(id).path("state").asString();
    }

    double metric(String name, String query) {
        Answer answer = call(HttpMethod.GET, "/actuator/metrics/" + name + query, null);
        assertThat(answer.status()).as("%s%s: %s", name, query, answer).isEqualTo(200);
        return answer.json().path("measurements").get(0).path("value").asDouble();
    }

    double invocations(String outcome) {
        return metric("faas.balancer.invocations", "?tag=outcome:" + outcome);
    }

    int queueDepth() {
        return (int) metric("faas.balancer.queue.depth", "");
    }

    void awaitState(String id, String state) {
        await(() -> state.equals(state(id)));
    }

    void awaitQueued(String id, int queued) {
        await(() -> worker(id).path("queued").asInt() == queued);
    }

    void awaitQueueDepth(int depth) {
        await(() -> queueDepth() == depth);
    }

    /** Polls until the condition holds; the test's own timeout bounds the wait. */
    static void await(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", ex);
            }
        }
    }
}
