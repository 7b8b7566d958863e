package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.wasmfaas.e2e.PrometheusServer.Target;

/**
 * The suite scraped by a real Prometheus with the project's scrape configuration: every service is found
 * through the scrape target files the processes write, invocations are counted by function, their latency
 * percentile comes out of the histogram, and a worker killed with -9 is dropped while its replacement is found.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusE2ETests {

    private static final int POOL_SIZE = 2;
    private static final int INVOCATIONS = 12;
    private static final int SLEEP_MS = 60;

    @TempDir
    static Path work;

    static Suite suite;
    static Api api;
    static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        PrometheusServer.binary();
        // Three worker JVMs start at once (two and a spare): on a busy two-core machine that may take minutes.
        suite = Suite.start("prometheus", POOL_SIZE,
                Map.of("FAAS_SERVER_ARGS", "--faas.server.pool.start-timeout=180s"));
        api = new Api(suite);
        prometheus = PrometheusServer.start(suite.runDir, work);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (prometheus != null) {
                Files.writeString(Path.of("target", "e2e-prometheus-server.log"), prometheus.log());
                prometheus.close();
            }
        } finally {
            if (suite != null) {
                suite.close();
            }
        }
    }

    @Test
    @Order(1)
    void findsEveryServiceAndWorkerAndCountsInvocationsWithTheirLatencyPercentile() throws Exception {
        awaitTargetsOfThePool();

        api.deploy("metered", Api.SLEEPY);
        List<Long> durations = new ArrayList<>();
        for (int i = 0; i < INVOCATIONS; i++) {
            JsonNode answer = api.invoke("metered", "call-" + i + " " + SLEEP_MS);
            durations.add(answer.get("durationMs").asLong());
        }
        long slowest = durations.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(durations).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(SLEEP_MS));

        double counted = await("the invocation counter of metered at " + INVOCATIONS, () -> prometheus
                .scalar("sum(faas_invocations_total{function=\"metered\"})").filter(v -> v == INVOCATIONS));
        assertThat(counted).isEqualTo(INVOCATIONS);
        assertThat(prometheus.scalar("sum(faas_invocations_total{function=\"metered\",status=\"success\"})"))
                .contains((double) INVOCATIONS);
        assertThat(prometheus.scalar("sum(faas_invoke_duration_seconds_count{function=\"metered\"})"))
                .contains((double) INVOCATIONS);

        // Over everything recorded, not a rate, so the answer does not depend on when the scrapes fell.
        double p90 = prometheus.scalar("histogram_quantile(0.9, sum by (le) "
                + "(faas_invoke_duration_seconds_bucket{function=\"metered\"}))").orElseThrow();
        // Within the histogram's bucket around what the invocations reported: above the sleep they all made
        // (less a bucket's width), below the slowest (plus one), far below the 10 s time limit.
        assertThat(p90).as("p90 in seconds; invocations reported %s ms", durations)
                .isGreaterThan(SLEEP_MS / 1000.0 * 0.7)
                .isLessThan(Math.max(slowest, SLEEP_MS) / 1000.0 * 1.5)
                .isLessThan(10.0);

        // Cold starts: the deploy compiled the module and the workers loaded it ahead of the first call; one still
        // loading it when its first call came counts one cold start, never more (the counter may not exist at all).
        double coldStarts = prometheus.scalar("sum(faas_coldstarts_total{function=\"metered\"})").orElse(0.0);
        assertThat(coldStarts).isBetween(0.0, (double) POOL_SIZE);
        assertThat(prometheus.scalar("sum(faas_deployments_total{language=\"c\",outcome=\"success\"})"))
                .contains(1.0);
        assertThat(prometheus.scalar("faas_pool_size")).contains((double) POOL_SIZE);
    }

    @Test
    @Order(2)
    void showsEachWorkersCgroupWithItsLimitAndUsage() throws Exception {
        JsonNode cgroups = api.workers().get("cgroups");
        org.junit.jupiter.api.Assumptions.assumeTrue(cgroups.get("enabled").asBoolean(),
                () -> "no cgroups here: " + cgroups.get("reason").asString());
        long limit = cgroups.get("workerMemoryBytes").asLong();
        JsonNode workers = api.workers().get("workers");
        assertThat(workers).allSatisfy(worker -> {
            JsonNode group = worker.get("cgroup").get("worker");
            assertThat(group.get("name").asString()).isEqualTo(worker.get("id").asString());
            assertThat(group.get("memoryLimitBytes").asLong()).isEqualTo(limit);
            // the JVM itself is charged to it, and its threads are counted
            assertThat(group.get("memoryBytes").asLong()).isPositive();
            assertThat(group.get("pids").asLong()).isPositive();
        });

        double scraped = await("the memory limit of every worker's cgroup", () -> prometheus
                .scalar("count(faas_cgroup_memory_limit_bytes{kind=\"worker\"} == " + limit + ")")
                .filter(n -> n >= workers.size()));
        assertThat(scraped).isGreaterThanOrEqualTo(workers.size());
        assertThat(prometheus.scalar("min(faas_cgroup_memory_bytes{kind=\"worker\"})")).hasValueSatisfying(
                bytes -> assertThat(bytes).isPositive());
        assertThat(prometheus.scalar("sum(faas_cgroup_cpu_usage_seconds_total{kind=\"worker\"})")).hasValueSatisfying(
                seconds -> assertThat(seconds).isPositive());
        assertThat(prometheus.scalar("count(faas_cgroup_oom_kills_total{kind=\"worker\"})")).isPresent();
    }

    @Test
    @Order(3)
    void dropsAKilledWorkerAndFindsItsReplacement() throws Exception {
        awaitTargetsOfThePool();
        JsonNode victim = registeredWorkers().get(0);
        String victimId = victim.get("id").asString();
        ProcessHandle.of(victim.get("pid").asLong()).orElseThrow().destroyForcibly();

        // Whole again: the spare took the position and a new spare is ready (one spare by default).
        Set<String> replaced = await("the pool to replace " + victimId + " and its spare", () -> {
            JsonNode pool = api.workers();
            Set<String> ids = workerIds(pool);
            boolean allReady = true;
            for (JsonNode worker : pool.get("workers")) {
                allReady &= worker.get("state").asString().equals("ready");
            }
            return !ids.contains(victimId) && ids.size() == POOL_SIZE + 1 && allReady ? Optional.of(ids)
                    : Optional.empty();
        });
        assertThat(Files.exists(suite.runDir.resolve("metrics").resolve(victimId + ".json"))).isFalse();
        assertThat(awaitTargetsOfThePool()).isEqualTo(replaced).doesNotContain(victimId);
        double restarts = await("the restart counter", () -> prometheus.scalar("faas_pool_restarts_total")
                .filter(v -> v >= 1));
        assertThat(restarts).isEqualTo(1.0);
    }

    /**
     * Waits until Prometheus scrapes, and finds up, exactly the gateway, the server, the balancer and every
     * worker process of the pool (spares too); answers the workers' ids.
     */
    private static Set<String> awaitTargetsOfThePool() throws Exception {
        return await("every service and worker up in Prometheus", () -> {
            Set<String> workers = workerIds(api.workers());
            List<Target> targets = prometheus.targets();
            Set<String> services = targets.stream().filter(t -> !t.service().equals("worker"))
                    .map(Target::service).collect(Collectors.toCollection(TreeSet::new));
            Set<String> scrapedWorkers = targets.stream().filter(t -> t.service().equals("worker"))
                    .map(Target::worker).collect(Collectors.toCollection(TreeSet::new));
            boolean allUp = targets.stream().allMatch(t -> t.health().equals("up"));
            return allUp && targets.size() == 3 + workers.size() && services.equals(Set.of("balancer", "gateway", "server"))
                    && scrapedWorkers.equals(workers) ? Optional.of(scrapedWorkers) : Optional.empty();
        });
    }

    private static List<JsonNode> registeredWorkers() throws Exception {
        List<JsonNode> registered = new ArrayList<>();
        for (JsonNode worker : api.workers().get("workers")) {
            if (!worker.get("spare").asBoolean() && worker.get("state").asString().equals("ready")) {
                registered.add(worker);
            }
        }
        return registered;
    }

    private static Set<String> workerIds(JsonNode pool) {
        Set<String> ids = new TreeSet<>();
        pool.get("workers").forEach(w -> ids.add(w.get("id").asString()));
        return ids;
    }

    private static <T> T await(String what, Callable<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> value = probe.call();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (Exception | AssertionError ex) {
                last = ex instanceof Exception e ? e : new IllegalStateException(ex);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + "; targets: " + prometheus.targets(), last);
    }
}
