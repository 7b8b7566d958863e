package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;

/**
 * The pool and the balancer under real load: four real worker processes (weights 1, 3, 1, 3;
 * 16 slots each, so that under WEIGHTED the weights, not the slots, decide the split; a queue
 * of 4), driven over HTTP through the gateway, with a worker killed (the other services' kills: FaultsE2ETests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolAndBalancerE2ETests {

    private static final Path SLEEPY = Api.SLEEPY;
    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");
    private static final int SLOTS = 16;
    private static final int QUEUE = 4;

    private Suite suite;
    private Api api;

    @BeforeAll
    void up() throws Exception {
        suite = Suite.start("pool", 4, Map.of(
                "FAAS_SERVER_ARGS", "--faas.server.pool.weights=1,3,1,3 --faas.server.pool.slots=" + SLOTS,
                "FAAS_BALANCER_ARGS", "--faas.balancer.queue-capacity=" + QUEUE));
        api = new Api(suite);
        api.deploy("hello", HELLO);
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
    void listsFourReadyWorkersAndASpare() throws Exception {
        JsonNode pool = api.workers();
        assertThat(pool.get("size").asInt()).isEqualTo(4);
        assertThat(pool.get("restarts").asInt()).isZero();
        List<JsonNode> registered = registered(pool);
        assertThat(registered).hasSize(4);
        assertThat(registered).allSatisfy(w -> {
            assertThat(w.get("state").asString()).isEqualTo("ready");
            assertThat(w.get("pid").asLong()).isPositive();
            assertThat(w.get("endpoint").asString()).startsWith("unix:").endsWith(".sock");
            assertThat(w.get("slots").asInt()).isEqualTo(SLOTS);
        });
        assertThat(registered).extracting(w -> w.get("weight").asInt()).containsExactly(1, 3, 1, 3);
        // The spare starts once the pool serves.
        JsonNode withSpare = awaitPool(p -> hasReadySpare(p));
        assertThat(withSpare.get("workers")).anySatisfy(w -> assertThat(w.get("spare").asBoolean()).isTrue());
    }

    @Test
    @Order(1)
    void aDeployCompilesTheModuleOnceAndEveryWorkerRunsItFromThere() throws Exception {
        awaitPool(p -> hasReadySpare(p));
        Path cache = suite.functionsDir.resolve(".compiled");
        Path source = Files.writeString(Files.createTempFile("compiled-once", ".c"),
                Files.readString(HELLO).replace("Hello from FAAS!", "Compiled once!"));
        Map<Path, FileTime> before = compiled(cache);

        api.deploy("compiled-once", source);

        Map<Path, FileTime> afterDeploy = compiled(cache);
        assertThat(afterDeploy).containsAllEntriesOf(before).hasSize(before.size() + 1);
        // Every registered worker runs it: each loads it at most once (deploy warmed them in the background).
        Map<String, Integer> coldByWorker = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            JsonNode answer = api.invoke("compiled-once", "");
            assertThat(answer.get("output").asString()).isEqualTo("Compiled once!\n");
            coldByWorker.merge(answer.get("worker").asString(), answer.get("coldStart").asBoolean() ? 1 : 0,
                    Integer::sum);
        }
        assertThat(coldByWorker).hasSize(4).allSatisfy((worker, cold) -> assertThat(cold).isLessThanOrEqualTo(1));
        // No worker compiled it again: the cache holds the one compilation the deploy made, untouched.
        assertThat(compiled(cache)).isEqualTo(afterDeploy);
    }

    @Test
    @Order(1)
    void aModuleWasmtimeRefusesIsRefusedAtDeploy() throws Exception {
        // A well-formed module whose one function adds two values it never pushed: invalid WebAssembly.
        byte[] invalid = HexFormat.of().parseHex("0061736d01000000" // magic and version
                + "010401600000" // one type: () -> ()
                + "03020100" // one function of that type
                + "0503010001" // one memory of one page
                + "071302065f73746172740000066d656d6f72790200" // exports _start and memory
                + "0a050103006a0b"); // its body: i32.add on an empty stack, end

        HttpResponse<String> refused = api.post("/deploy?name=never-valid&lang=wasm", invalid);

        JsonNode problem = Api.assertProblem(refused, 422, "compile-error");
        assertThat(problem.get("detail").asString()).startsWith("Wasmtime refuses the module");
        assertThat(api.get("/functions/never-valid").statusCode()).isEqualTo(404);
    }

    // The compiled modules in Wasmtime's cache, and when each was written (its usage counts are kept beside it).
    private static Map<Path, FileTime> compiled(Path cache) throws IOException {
        Map<Path, FileTime> files = new HashMap<>();
        if (!Files.isDirectory(cache)) {
            return files;
        }
        try (var walk = Files.walk(cache)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".stats") && !name.endsWith(".toml") && !name.startsWith(".")) {
                    files.put(cache.relativize(file), Files.getLastModifiedTime(file));
                }
            }
        }
        return files;
    }

    private static boolean hasReadySpare(JsonNode pool) {
        for (JsonNode worker : pool.get("workers")) {
            if (worker.get("spare").asBoolean() && worker.get("state").asString().equals("ready")) {
                return true;
            }
        }
        return false;
    }

    private JsonNode awaitPool(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            JsonNode pool = api.workers();
            if (condition.test(pool) || System.nanoTime() > deadline) {
                return pool;
            }
            Thread.sleep(200);
        }
    }

    @Test
    @Order(2)
    void roundRobinSpreadsSequentialInvocationsEvenly() throws Exception {
        assertThat(api.strategy("RR").get("strategy").asString()).isEqualTo("RR");
        Map<String, Integer> byWorker = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            byWorker.merge(api.invoke("hello", "").get("worker").asString(), 1, Integer::sum);
        }
        assertThat(byWorker).hasSize(4).allSatisfy((worker, count) -> assertThat(count).isEqualTo(100));
    }

    @Test
    @Order(3)
    void weightedSplitsSaturatingLoadByWeight() throws Exception {
        api.strategy("WEIGHTED");
        assertThat(api.get("/system/strategy").body()).contains("WEIGHTED");
        Map<String, Integer> weights = weights();
        // 100 ms calls: 32 clients hold the workers' slots without saturating the two cores, so the split
        // shows the strategy's choice rather than how the CPU was shared out meanwhile.
        Map<String, Integer> byWorker = saturate(32, 320, "w 100");

        int heavy = byWorker.entrySet().stream().filter(e -> weights.get(e.getKey()) == 3)
                .mapToInt(Map.Entry::getValue).sum();
        assertThat(byWorker.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(320);
        System.out.printf("weighted split: %.3f of the calls on the weight-3 workers (%s)%n", heavy / 320.0, byWorker);
        // Weights 1:3 -> three quarters of the work on the weight-3 workers.
        assertThat(heavy / 320.0).as("calls by worker %s, weights %s", byWorker, weights).isBetween(0.62, 0.88);
    }

    @Test
    @Order(3)
    void inTheirCgroupsTheWorkersShareTheCpuByTheirWeights() throws Exception {
        JsonNode pool = api.workers();
        // This load saturates two cores: with equal CPU shares the workers would do equal work whatever their weights.
        assumeTrue(pool.get("cgroups").get("enabled").asBoolean(),
                () -> "no cgroups here: " + pool.get("cgroups").get("reason").asString());
        assertThat(registered(pool)).allSatisfy(w -> assertThat(w.get("cgroup").get("worker").get("cpuWeight").asInt())
                .as("%s of weight %d", w.get("id"), w.get("weight").asInt())
                .isEqualTo(w.get("weight").asInt() == 3 ? 150 : 50));
    }

    @Test
    @Order(4)
    void weightedSendsLessToAWorkerMadeSlow() throws Exception {
        api.strategy("WEIGHTED");
        List<JsonNode> registered = registered(api.workers());
        JsonNode slow = registered.get(0);
        JsonNode peer = registered.get(2);
        ProcessHandle frozen = ProcessHandle.of(slow.get("pid").asLong()).orElseThrow();
        Map<String, Integer> byWorker;
        signal("STOP", frozen.pid());
        try (ExecutorService background = Executors.newSingleThreadExecutor()) {
            // Frozen for a moment, then thawed, while saturating load runs: it answers late and gets less.
            Future<?> thaw = background.submit(() -> {
                Thread.sleep(1500);
                signal("CONT", frozen.pid());
                return null;
            });
            byWorker = saturate(24, 240, "s 20");
            thaw.get();
        } finally {
            signal("CONT", frozen.pid());
        }
        int slowCount = byWorker.getOrDefault(slow.get("id").asString(), 0);
        int peerCount = byWorker.getOrDefault(peer.get("id").asString(), 0);
        assertThat(slowCount).as("%s frozen vs %s of the same weight: %s", slow.get("id"), peer.get("id"), byWorker)
                .isLessThan(peerCount);
    }

    @Test
    @Order(5)
    void aFullQueueAnswers429AtOnceAndEveryAcceptedCallSucceeds() throws Exception {
        api.strategy("FIFO");
        int capacity = 4 * SLOTS + QUEUE;
        int sent = capacity + 20;
        List<Answer> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(sent)) {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                String input = "q" + i + " 2000";
                futures.add(clients.submit(() -> {
                    HttpResponse<String> response = api.post("/invoke?fn=sleepy", input.getBytes(StandardCharsets.UTF_8));
                    return new Answer(response, Instant.now());
                }));
            }
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
        }
        List<Answer> accepted = answers.stream().filter(a -> a.response().statusCode() == 200).toList();
        List<Answer> refused = answers.stream().filter(a -> a.response().statusCode() == 429).toList();
        assertThat(accepted.size() + refused.size()).as("only 200 and 429").isEqualTo(sent);
        assertThat(accepted.size()).isGreaterThanOrEqualTo(capacity);
        assertThat(refused).isNotEmpty().allSatisfy(a -> {
            Api.assertProblem(a.response(), 429, "queue-full");
            assertThat(a.response().headers().firstValue("Retry-After")).isPresent();
        });
        accepted.forEach(a -> Api.okJson(a.response()));
        // Refused at once: every 429 came back before the first accepted call (2 s of work) finished.
        Instant firstAccepted = accepted.stream().map(Answer::at).min(Instant::compareTo).orElseThrow();
        assertThat(refused).allSatisfy(a -> assertThat(a.at()).isBefore(firstAccepted));
    }

    @Test
    @Order(6)
    void aKilledWorkerLosesOnlyItsInFlightCallsAndIsReplacedAtOnce() throws Exception {
        api.strategy("RR");
        LoadInjector load = LoadInjector.start(suite, "--fn", "hello", "--concurrency", "8", "--duration", "8s");
        Thread.sleep(2500);
        JsonNode victim = registered(api.workers()).get(1);
        Instant killed = Instant.now();
        ProcessHandle.of(victim.get("pid").asLong()).orElseThrow().destroyForcibly();

        Duration recovery = awaitFullPool(victim.get("id").asString(), killed, Duration.ofSeconds(30));
        Map<String, String> report = load.report();

        assertThat(recovery).as("pool back to full size after the kill").isLessThan(Duration.ofSeconds(5));
        assertThat(LoadInjector.count(report, "status_io")).as(report.toString()).isZero();
        assertThat(LoadInjector.count(report, "ok") + LoadInjector.count(report, "status_502"))
                .as("every answer is a success or worker-lost: %s", report).isEqualTo(LoadInjector.count(report, "requests"));
        assertThat(LoadInjector.count(report, "ok")).isPositive();
        assertThat(api.workers().get("restarts").asInt()).isEqualTo(1);
        for (int i = 0; i < 40; i++) {
            assertThat(api.invoke("hello", "after").get("worker").asString()).isNotEqualTo(victim.get("id").asString());
        }
        System.out.printf("pool whole again %d ms after the kill of %s%n", recovery.toMillis(), victim.get("id"));
    }

    @Test
    @Order(7)
    void aShortLoadRunHasNoErrors() throws Exception {
        Map<String, String> report = LoadInjector.start(suite, "--fn", "hello", "--concurrency", "16", "--requests",
                "2000").report();

        assertThat(LoadInjector.count(report, "requests")).as(report.toString()).isEqualTo(2000);
        assertThat(LoadInjector.count(report, "ok")).as(report.toString()).isEqualTo(2000);
        assertThat(LoadInjector.count(report, "errors")).isZero();
    }

    private record Answer(HttpResponse<String> response, Instant at) {
    }

    /** Runs {@code total} invocations of sleepy from {@code clients} threads; answers the count per worker. */
    private Map<String, Integer> saturate(int clients, int total, String input) throws Exception {
        Map<String, Integer> byWorker = new HashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                futures.add(pool.submit(() -> retryWhileQueueFull(input)));
            }
            for (Future<String> future : futures) {
                byWorker.merge(future.get(), 1, Integer::sum);
            }
        }
        return byWorker;
    }

    // The suite's queue is small on purpose; a client that gets 429 does what Retry-After says.
    private String retryWhileQueueFull(String input) throws Exception {
        while (true) {
            HttpResponse<String> response = api.post("/invoke?fn=sleepy", input.getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() != 429) {
                return Api.okJson(response).get("worker").asString();
            }
            Thread.sleep(50);
        }
    }

    private Map<String, Integer> weights() throws Exception {
        Map<String, Integer> weights = new HashMap<>();
        registered(api.workers()).forEach(w -> weights.put(w.get("id").asString(), w.get("weight").asInt()));
        return weights;
    }

    private Duration awaitFullPool(String gone, Instant start, Duration timeout) throws Exception {
        while (Duration.between(start, Instant.now()).compareTo(timeout) < 0) {
            List<JsonNode> registered = registered(api.workers());
            if (registered.size() == 4 && registered.stream().noneMatch(w -> w.get("id").asString().equals(gone))
                    && registered.stream().allMatch(w -> w.get("state").asString().equals("ready"))) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the pool did not get back to 4 workers: " + api.workers());
    }

    private static List<JsonNode> registered(JsonNode pool) {
        List<JsonNode> registered = new ArrayList<>();
        pool.get("workers").forEach(w -> {
            if (!w.get("spare").asBoolean()) {
                registered.add(w);
            }
        });
        return registered;
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
    }
}
