package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * One worker with one slot under FIFO, so the order in which invocations run is the order in
 * which they were dispatched; then a SIGTERM to the server, which drains.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrainAndFifoE2ETests {

    private static final Path SLEEPY = Api.SLEEPY;

    private Suite suite;
    private Api api;

    @BeforeAll
    void up() throws Exception {
        suite = Suite.start("fifo", 1, Map.of("FAAS_SERVER_ARGS", "--faas.server.pool.slots=1 --faas.server.pool.spares=0"));
        api = new Api(suite);
        api.strategy("FIFO");
        api.deploy("sleepy", SLEEPY);
    }

    @AfterAll
    void down() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void fifoRunsQueuedInvocationsInArrivalOrder() throws Exception {
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        try (ExecutorService clients = Executors.newCachedThreadPool()) {
            calls.add(clients.submit(() -> call("blocker 1500")));
            awaitQueued(0, 1);
            for (int i = 1; i <= 8; i++) {
                String input = "t" + i + " 10";
                calls.add(clients.submit(() -> call(input)));
                // The next one is sent only once this one waits in the queue: arrival order is known.
                awaitQueued(i, 1);
            }
            List<String[]> runs = new ArrayList<>();
            for (Future<HttpResponse<String>> call : calls) {
                runs.add(Api.okJson(call.get()).get("output").asString().trim().split(" "));
            }
            List<String> byStart = runs.stream().sorted(Comparator.comparingLong(r -> Long.parseLong(r[1])))
                    .map(r -> r[0]).toList();
            assertThat(byStart).containsExactly("blocker", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8");
        }
    }

    @Test
    @Order(2)
    void aStoppingServerFinishesInFlightCallsAndRefusesNewOnes() throws Exception {
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return call("draining 3000");
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        awaitQueued(0, 1);
        suite.service("server-service").destroy();
        Thread.sleep(300);

        Api.assertProblem(call("late 0"), 503, "shutting-down");
        assertThat(Api.okJson(inFlight.get()).get("output").asString()).startsWith("draining ");
        assertThat(suite.awaitLauncherExit(Duration.ofSeconds(60))).isTrue();
        assertThat(suite.leftovers()).isEmpty();
    }

    private HttpResponse<String> call(String input) throws Exception {
        return api.post("/invoke?fn=sleepy", input.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the balancer reports this many queued and in-flight invocations. */
    private void awaitQueued(int queued, int inFlight) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode pool = api.workers();
        while (Instant.now().isBefore(deadline)) {
            pool = api.workers();
            int running = 0;
            for (JsonNode worker : pool.get("workers")) {
                running += worker.get("inFlight").asInt();
            }
            if (pool.get("queued").asInt() == queued && running == inFlight) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + queued + " queued and " + inFlight + " running: " + pool);
    }
}
