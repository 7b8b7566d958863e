package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * Activations end to end: every invocation, sync or async, successful or not, is recorded and read
 * back through the gateway at {@code /activations}. The suite is shared ({@link SharedSuite#ONE_WORKER}):
 * every function of this class is named {@code act-*}, and of the activations of every function only
 * those of this class's functions are considered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActivationsE2ETests {

    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");
    private static final Path EXITS = Path.of("src/test/resources/functions/exits.c").toAbsolutePath();

    private Api api;
    private String helloId;

    @BeforeAll
    void up(@SharedSuite.Of(ONE_WORKER) Suite shared) throws Exception {
        api = new Api(shared);
        helloId = api.deploy("act-hello", HELLO);
        api.deploy("act-sleepy", Api.SLEEPY);
        api.deploy("act-exits", EXITS);
        HttpResponse<String> quick = api.post("/deploy?name=act-quick&lang=c&timeoutMs=500",
                java.nio.file.Files.readAllBytes(Api.SLEEPY));
        assertThat(quick.statusCode()).as(quick.body()).isEqualTo(201);
    }

    @Test
    @Order(1)
    void recordsASyncInvocationAsItWasAnswered() throws Exception {
        HttpResponse<String> response = api.post("/invoke?fn=act-hello", "ping".getBytes(StandardCharsets.UTF_8));
        JsonNode answer = Api.okJson(response);
        String id = response.headers().firstValue("X-Activation-Id").orElseThrow();
        assertThat(answer.get("activationId").asString()).isEqualTo(id);

        JsonNode activation = activation(id);

        assertThat(activation.get("activationId").asString()).isEqualTo(id);
        assertThat(activation.get("status").asString()).isEqualTo("success");
        assertThat(activation.get("name").asString()).isEqualTo("act-hello");
        assertThat(activation.get("functionId").asString()).isEqualTo(helloId);
        assertThat(activation.get("output").asString()).isEqualTo(answer.get("output").asString())
                .isEqualTo("Hello from FAAS!\nping");
        assertThat(activation.get("exitCode").asInt()).isEqualTo(answer.get("exitCode").asInt()).isZero();
        assertThat(activation.get("worker").asString()).isEqualTo(answer.get("worker").asString());
        assertThat(activation.get("durationMs").asLong()).isEqualTo(answer.get("durationMs").asLong());
        assertThat(activation.get("async").asBoolean()).isFalse();
        assertThat(activation.get("payloadBytes").asLong()).isEqualTo(4);
        assertThat(Instant.parse(activation.get("end").asString()))
                .isAfterOrEqualTo(Instant.parse(activation.get("start").asString()));
    }

    @Test
    @Order(2)
    void recordsFailedInvocationsWithTheirStatus() throws Exception {
        HttpResponse<String> exited = api.post("/function/act-exits", new byte[0]);
        assertThat(exited.statusCode()).as(exited.body()).isEqualTo(200);
        JsonNode failed = activation(exited.headers().firstValue("X-Activation-Id").orElseThrow());
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("exitCode").asInt()).isEqualTo(3);
        assertThat(failed.get("output").asString()).isEqualTo("partial\n");
        assertThat(failed.get("stderr").asString()).isEqualTo("bad\n");

        HttpResponse<String> timedOut = api.post("/invoke?fn=act-quick", "slow 5000".getBytes(StandardCharsets.UTF_8));
        JsonNode problem = Api.assertProblem(timedOut, 504, "timeout");
        String id = timedOut.headers().firstValue("X-Activation-Id").orElseThrow();
        assertThat(problem.get("activationId").asString()).isEqualTo(id);
        JsonNode timeout = activation(id);
        assertThat(timeout.get("status").asString()).isEqualTo("timeout");
        assertThat(timeout.get("message").asString()).isNotBlank();
        assertThat(timeout.get("output").asString()).startsWith("slow ");
    }

    @Test
    @Order(3)
    void listsTheNewestFirstByFunctionWithALimit() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(Api.okJson(api.post("/invoke?fn=act-hello", new byte[0])).get("activationId").asString());
        }

        JsonNode byName = Api.okJsonWithoutOk(api.get("/activations?fn=act-hello&limit=2"));
        assertThat(byName.size()).isEqualTo(2);
        assertThat(byName.get(0).get("activationId").asString()).isEqualTo(ids.get(2));
        assertThat(byName.get(1).get("activationId").asString()).isEqualTo(ids.get(1));
        assertThat(byName.get(0).get("status").asString()).isEqualTo("success");
        assertThat(byName.get(0).has("output")).isFalse();

        JsonNode byId = Api.okJsonWithoutOk(api.get("/activations?fn=" + helloId));
        assertThat(byId.size()).isEqualTo(4);
        // Of every function's, newest first: this class's six (hello 4, exits 1, quick 1), the newest first.
        List<JsonNode> all = new ArrayList<>();
        Api.okJsonWithoutOk(api.get("/activations")).forEach(all::add);
        List<JsonNode> ours = all.stream().filter(a -> a.get("name").asString().startsWith("act-")).toList();
        assertThat(ours.size()).isEqualTo(6);
        assertThat(ours.get(0).get("activationId").asString()).isEqualTo(ids.get(2));
        JsonNode none = Api.okJsonWithoutOk(api.get("/activations?fn=act-nobody"));
        assertThat(none.size()).isZero();
    }

    @Test
    @Order(4)
    void answersAnAsyncInvocationAtOnceAndRecordsItsEnd() throws Exception {
        HttpResponse<String> response = api.post("/invoke?fn=act-sleepy&async=true",
                "async-1 2000".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = Api.JSON.readTree(response.body());
        String id = accepted.get("activationId").asString();
        assertThat(accepted.get("status").asString()).isEqualTo("queued");
        assertThat(response.headers().firstValue("X-Activation-Id")).hasValue(id);
        assertThat(response.headers().firstValue("Location")).hasValue("/activations/" + id);

        // The function sleeps 2 s: the answer came before its end.
        assertThat(activation(id).get("status").asString()).isIn("queued", "running");
        JsonNode done = awaitEnd(id);
        assertThat(done.get("status").asString()).isEqualTo("success");
        assertThat(done.get("output").asString()).startsWith("async-1 ");
        assertThat(done.get("exitCode").asInt()).isZero();
        assertThat(done.get("async").asBoolean()).isTrue();
        assertThat(done.get("worker").asString()).startsWith("worker-");

        HttpResponse<String> byName = api.post("/async-function/act-sleepy", "async-2 0".getBytes(StandardCharsets.UTF_8));
        assertThat(byName.statusCode()).as(byName.body()).isEqualTo(202);
        JsonNode second = awaitEnd(byName.headers().firstValue("X-Activation-Id").orElseThrow());
        assertThat(second.get("status").asString()).isEqualTo("success");
        assertThat(second.get("output").asString()).startsWith("async-2 ");
    }

    @Test
    @Order(5)
    void refusesWhatItCannotAcceptOrFind() throws Exception {
        HttpResponse<String> unknown = api.post("/invoke?fn=act-nope&async=true", new byte[0]);
        Api.assertProblem(unknown, 404, "function-not-found");
        assertThat(unknown.headers().firstValue("X-Activation-Id")).isEmpty();
        Api.assertProblem(api.post("/async-function/act-nope", new byte[0]), 404, "function-not-found");
        Api.assertProblem(api.post("/invoke?fn=act-hello&async=maybe", new byte[0]), 400, "bad-request");

        Api.assertProblem(api.get("/activations?limit=0"), 400, "bad-request");
        Api.assertProblem(api.get("/activations?limit=lots"), 400, "bad-request");
        Api.assertProblem(api.get("/activations?limit=100000"), 400, "bad-request");
        Api.assertProblem(api.get("/activations?fn=a.b"), 400, "invalid-name");
        Api.assertProblem(api.get("/activations/no-such-activation"), 404, "activation-not-found");
        Api.assertProblem(api.send("DELETE", "/activations/no-such-activation"), 405, "method-not-allowed");
        Api.assertProblem(api.send("GET", "/async-function/act-sleepy"), 405, "method-not-allowed");
    }

    private JsonNode activation(String id) throws Exception {
        return Api.okJsonWithoutOk(api.get("/activations/" + id));
    }

    private JsonNode awaitEnd(String id) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode activation = activation(id);
            if (!activation.get("end").isNull()) {
                return activation;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("activation " + id + " did not end within 60 s");
    }
}
