package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;

/**
 * A load ramp against a pool that scales itself: from one worker (two slots) to three under load,
 * every request answered, then back to one once the load is gone, the first worker to drain with a
 * call in flight that still answers. Short windows, so that the ramp takes seconds; the figures are
 * printed. Then the dashboard's line about the autoscaler, in a real headless Chromium, says what
 * {@code /system/workers} says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoscalingE2ETests {

    private static final String SCALING = String.join(" ", "--faas.server.pool.slots=2",
            "--faas.server.pool.autoscale.tick=250ms", "--faas.server.pool.autoscale.stable-window=8s",
            "--faas.server.pool.autoscale.panic-window=2s", "--faas.server.pool.autoscale.scale-down-delay=3s",
            "--faas.server.pool.autoscale.drain-timeout=20s");

    private Suite suite;
    private Api api;

    @BeforeAll
    void up() throws Exception {
        suite = Suite.start("autoscale", 1, Map.of("FAAS_POOL_MAX", "3", "FAAS_SERVER_ARGS", SCALING));
        api = new Api(suite);
        api.deploy("ramp", Api.SLEEPY);
        // What ./faas up starts with, said here: the drain test below relies on the strict rotation.
        api.strategy("RR");
    }

    @AfterAll
    void down() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void thePoolGrowsUnderARampAndShrinksBackWithoutLosingARequest() throws Exception {
        JsonNode before = api.workers();
        assertThat(before.get("size").asInt()).isEqualTo(1);
        assertThat(before.get("autoscaling").get("enabled").asBoolean()).isTrue();
        assertThat(before.get("autoscaling").get("min").asInt()).isEqualTo(1);
        assertThat(before.get("autoscaling").get("max").asInt()).isEqualTo(3);

        Load load = new Load();
        Instant start = Instant.now();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // The ramp: one client, then two, then eight, each call sleeping 300 ms in the function; a worker
            // should carry 1.4 (two slots at 0.7).
            load.clients(clients, 1, "ramp 300");
            Thread.sleep(2000);
            assertThat(api.workers().get("size").asInt()).isEqualTo(1);
            load.clients(clients, 1, "ramp 300");
            awaitPool("a second worker", p -> p.get("size").asInt() >= 2, load);
            load.clients(clients, 6, "ramp 300");
            JsonNode grown = awaitPool("three workers ready", p -> readyAt(p) == 3, load);
            Duration up = Duration.between(start, Instant.now());
            assertThat(grown.get("autoscaling").get("scaleUps").asLong()).isEqualTo(2);
            assertThat(grown.get("autoscaling").get("lastScaling").get("to").asInt()).isEqualTo(3);
            assertThat(load.sizes).contains(1, 2, 3);

            // The load stops. Once the autoscaler asks for fewer workers (out of panic, the stable average at most
            // two workers' worth), it drains the worker at the last position when it has asked so for the
            // scale-down delay (3 s): from the last tick that asked for three (a tick, 250 ms, before it is seen
            // here), 2.75 to 3.25 s after this sees it on an idle machine. One call of 5 s is sent to that worker at
            // once: in flight over the drain with 2 s or more either side. The balancer's strict rotation (RR) puts
            // it there: three quick calls show the rotation's order, a few more bring it before that worker. One
            // call and not one on each worker: three calls that end together, just before the last drain, would
            // leave the 2 s panic window asking for two workers when one is left, and the pool would grow again.
            load.stopRamp();
            Instant quiet = Instant.now();
            JsonNode asking = awaitPool("the autoscaler asking for fewer workers",
                    p -> !p.get("autoscaling").get("panic").asBoolean() && p.get("autoscaling").get("stableConcurrency")
                            .asDouble() <= 2 * p.get("autoscaling").get("targetPerWorker").asDouble(), load);
            String last = atPosition(asking, 3);
            List<String> rotation = List.of(quick(load), quick(load), quick(load));
            assertThat(rotation).as("the rotation over three workers").doesNotHaveDuplicates().contains(last);
            for (String earlier : rotation.subList(0, rotation.indexOf(last))) {
                assertThat(quick(load)).as("the rotation again").isEqualTo(earlier);
            }
            load.once(clients, "drain 5000");
            JsonNode shrunk = awaitPool("back to one worker", p -> p.get("size").asInt() == 1
                    && p.get("autoscaling").get("draining").asInt() == 0 && registered(p) == 1, load);
            Duration downTime = Duration.between(quiet, Instant.now());
            load.stopAll();
            clients.shutdown();
            assertThat(clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(shrunk.get("autoscaling").get("scaleDowns").asLong()).isEqualTo(2);
            assertThat(shrunk.get("autoscaling").get("lastScaling").get("reason").asString()).startsWith("quiet:");
            assertThat(shrunk.get("restarts").asInt()).isZero();
            System.out.printf("autoscaling ramp: 1 -> 3 workers in %d ms (sizes seen %s), 3 -> 1 in %d ms after the"
                    + " load fell; %d calls, %d answered 200, %d drained workers seen with calls in flight%n",
                    up.toMillis(), load.sizes, downTime.toMillis(), load.sent.get(), load.ok.get(),
                    load.drainingWithCalls.size());
        }
        assertThat(load.failures).as("every request is answered").isEmpty();
        assertThat(load.ok.get()).isEqualTo(load.sent.get()).isPositive();
        // No request is lost while a worker drains: a call was in flight on a draining worker, and answered.
        assertThat(load.drainingWithCalls).as("workers seen draining with calls in flight").isNotEmpty()
                .containsKey(load.answered.stream().filter(call -> call.input().startsWith("drain")).findFirst()
                        .orElseThrow().worker());
        load.drainingWithCalls.forEach((worker, seen) -> assertThat(load.answered)
                .as("a call answered 200 by %s, in flight while it drained (seen %s)", worker, seen)
                .anySatisfy(call -> {
                    assertThat(call.worker()).isEqualTo(worker);
                    assertThat(call.start()).isBefore(seen.to());
                    assertThat(call.end()).isAfter(seen.from());
                }));

        String metrics = serverMetrics();
        assertThat(metric(metrics, "faas_pool_autoscale_scalings_total{direction=\"up\"")).isGreaterThanOrEqualTo(2);
        assertThat(metric(metrics, "faas_pool_autoscale_scalings_total{direction=\"down\"")).isEqualTo(2);
        assertThat(metric(metrics, "faas_pool_autoscale_desired")).isEqualTo(1);
        assertThat(metrics).contains("faas_pool_autoscale_concurrency{window=\"stable\"}",
                "faas_pool_autoscale_concurrency{window=\"panic\"}", "faas_pool_autoscale_panic");
    }

    @Test
    @Order(2)
    void theDashboardSaysWhatTheAutoscalerDid() throws Exception {
        JsonNode autoscaling = api.workers().get("autoscaling");
        JsonNode last = autoscaling.path("lastScaling");
        assertThat(last.isObject()).as("the pool was scaled (the ramp ran first): " + autoscaling).isTrue();
        // The averages move on as the windows slide; the rest holds while nothing calls.
        String average = "\\d+\\.\\d";
        String expected = Pattern.quote(String.format(Locale.ROOT, "autoscaling %d to %d workers: wants %d; ",
                autoscaling.get("min").asInt(), autoscaling.get("max").asInt(), autoscaling.get("desired").asInt()))
                + average + " running or waiting on average \\(" + average + " lately\\), "
                + Pattern.quote(String.format(Locale.ROOT, "%.1f per worker; %d up, %d down; last %d \u2192 %d at ",
                        autoscaling.get("targetPerWorker").asDouble(), autoscaling.get("scaleUps").asLong(),
                        autoscaling.get("scaleDowns").asLong(), last.get("from").asInt(), last.get("to").asInt()))
                + ".+: " + Pattern.quote(last.get("reason").asString());
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.driver.get(suite.uri("/dashboard").toString());
            String line = new WebDriverWait(chromium.driver, Duration.ofSeconds(60), Duration.ofMillis(200))
                    .withMessage(() -> "the dashboard's autoscaling line to match " + expected + ": \""
                            + chromium.driver.findElement(By.id("autoscaling")).getText() + "\"")
                    .until(d -> {
                        String text = d.findElement(By.id("autoscaling")).getText().strip();
                        return text.matches(expected) ? text : null;
                    });
            System.out.println("dashboard: " + line);
        }
    }

    // Workers at a position and ready.
    private static int readyAt(JsonNode pool) {
        int ready = 0;
        for (JsonNode worker : pool.get("workers")) {
            ready += !worker.get("spare").asBoolean() && worker.get("state").asString().equals("ready") ? 1 : 0;
        }
        return ready;
    }

    // One call that returns at once, answered 200: the worker that answered it.
    private static String quick(Load load) throws Exception {
        String worker = load.call("quick 0");
        assertThat(worker).as("a quick call answered: %s", load.failures).isNotNull();
        return worker;
    }

    // The worker at this position.
    private static String atPosition(JsonNode pool, int position) {
        for (JsonNode worker : pool.get("workers")) {
            if (!worker.get("spare").asBoolean() && worker.get("position").asInt() == position) {
                return worker.get("id").asString();
            }
        }
        throw new AssertionError("no worker at position " + position + ": " + pool);
    }

    // Workers at a position, whatever their state: a drained one is gone.
    private static int registered(JsonNode pool) {
        int count = 0;
        for (JsonNode worker : pool.get("workers")) {
            count += worker.get("spare").asBoolean() ? 0 : 1;
        }
        return count;
    }

    private JsonNode awaitPool(String what, Predicate<JsonNode> done, Load load) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        JsonNode pool = api.workers();
        while (Instant.now().isBefore(deadline)) {
            Instant asked = Instant.now();
            pool = api.workers();
            Seen seen = new Seen(asked, Instant.now());
            load.sizes.add(pool.get("size").asInt());
            for (JsonNode worker : pool.get("workers")) {
                if (worker.get("state").asString().equals("draining") && worker.path("inFlight").asInt() > 0) {
                    load.drainingWithCalls.putIfAbsent(worker.get("id").asString(), seen);
                }
            }
            if (done.test(pool)) {
                return pool;
            }
            assertThat(load.failures).as("every request is answered").isEmpty();
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + ": " + pool);
    }

    private String serverMetrics() throws Exception {
        String targets = Files.readString(suite.runDir.resolve("metrics").resolve("server.json"));
        Matcher address = Pattern.compile("\"targets\"\\s*:\\s*\\[\\s*\"([^\"]+)\"").matcher(targets);
        assertThat(address.find()).as(targets).isTrue();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + address.group(1) + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double metric(String metrics, String prefix) {
        return metrics.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .mapToDouble(Double::parseDouble).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the server's metrics"));
    }

    /** When {@code /system/workers} was asked and answered: what it said held at some moment in between. */
    private record Seen(Instant from, Instant to) {
    }

    /** A call answered 200: what it asked, which worker answered, sent and answered when. */
    private record Answered(String input, String worker, Instant start, Instant end) {
    }

    /**
     * Clients calling in a loop until told to stop, or once; every answer is counted, any other than 200 kept, and
     * the worker of every 200 with its times.
     */
    private final class Load {

        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger ok = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<Answered> answered = new CopyOnWriteArrayList<>();
        final Set<Integer> sizes = new TreeSet<>();
        /** The workers seen draining with calls in flight, and the first time each was. */
        final Map<String, Seen> drainingWithCalls = new ConcurrentHashMap<>();
        private final AtomicBoolean ramp = new AtomicBoolean(true);
        private final AtomicBoolean all = new AtomicBoolean(true);

        void clients(ExecutorService executor, int count, String input) {
            AtomicBoolean until = input.startsWith("ramp") ? ramp : all;
            for (int i = 0; i < count; i++) {
                executor.submit(() -> {
                    while (until.get() && all.get()) {
                        call(input);
                    }
                    return null;
                });
            }
        }

        void once(ExecutorService executor, String input) {
            executor.submit(() -> call(input));
        }

        /** One call; answers the worker that answered it, null when it was not a 200. */
        String call(String input) throws Exception {
            sent.incrementAndGet();
            Instant start = Instant.now();
            HttpResponse<String> response = api.post("/invoke?fn=ramp", input.getBytes(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                failures.add(response.statusCode() + " " + response.body());
                return null;
            }
            ok.incrementAndGet();
            String worker = Api.JSON.readTree(response.body()).path("worker").asString();
            answered.add(new Answered(input, worker, start, Instant.now()));
            return worker;
        }

        void stopRamp() {
            ramp.set(false);
        }

        void stopAll() {
            all.set(false);
        }
    }
}
