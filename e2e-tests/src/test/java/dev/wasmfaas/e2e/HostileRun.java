package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/**
 * One hostile invocation with a good function invoked in a loop beside it, and the checks that the
 * platform came through: every good call answered right, the pool whole and ready with no worker
 * restarted, and the good function still answering. Meanwhile it counts the processes of the hostile
 * function's sandbox, which run as nobody (or as the suite's own user when that is not root).
 */
final class HostileRun {

    /** The user a sandbox runs as: a root worker drops to nobody, any other runs it as itself. */
    static final String SANDBOX_USER = "root".equals(System.getProperty("user.name")) ? "nobody"
            : System.getProperty("user.name");
    /** Liveness bound of every wait: the reference machine is two cores shared with other suites. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String GOOD = "good";

    /**
     * @param response the hostile call's answer
     * @param sandboxProcesses the most processes of its sandbox seen at once while it ran
     */
    record Outcome(HttpResponse<String> response, int sandboxProcesses) {
    }

    private final Suite suite;
    private final Api api;
    private final int poolSize;
    private final long restarts;

    /** Takes the pool as it is now as the healthy state: {@link #GOOD} must be deployed. */
    HostileRun(Suite suite, int poolSize) throws Exception {
        this.suite = suite;
        this.api = new Api(suite);
        this.poolSize = poolSize;
        this.restarts = awaitPoolReady().get("restarts").asLong();
    }

    Outcome invoke(String fn, String input) throws Exception {
        GoodTraffic good = new GoodTraffic(new Api(suite));
        ProcessCount processes = new ProcessCount(fn);
        HttpResponse<String> response;
        try {
            good.awaitCalls(1);
            processes.start();
            response = api.post("/invoke?fn=" + fn, input.getBytes(StandardCharsets.UTF_8));
            processes.stop();
            // At least one good call that was running beside the hostile one, or started after it.
            good.awaitCalls(good.calls() + 1);
        } finally {
            good.stop();
            processes.stop();
        }
        assertThat(good.failures()).as("good calls that failed beside " + fn).isEmpty();
        JsonNode pool = awaitPoolReady();
        assertThat(pool.get("restarts").asLong()).as("worker restarts after " + fn + ": " + pool).isEqualTo(restarts);
        assertThat(api.invoke(GOOD, "after " + fn).get("output").asString()).isEqualTo(helloOf("after " + fn));
        return new Outcome(response, processes.max());
    }

    /** The processes of the function's sandbox still running, after waiting a while for there to be none. */
    List<ProcessHandle> processesLeft(String fn) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<ProcessHandle> left = sandboxProcesses(fn);
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            left = sandboxProcesses(fn);
        }
        return left;
    }

    static List<ProcessHandle> sandboxProcesses(String fn) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().user().filter(SANDBOX_USER::equals).isPresent())
                .filter(p -> p.info().commandLine().filter(line -> line.contains(fn)).isPresent())
                .toList();
    }

    private JsonNode awaitPoolReady() throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonNode pool = api.workers();
        while (!ready(pool) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            pool = api.workers();
        }
        assertThat(ready(pool)).as("every worker of the pool ready: " + pool).isTrue();
        return pool;
    }

    private boolean ready(JsonNode pool) {
        int ready = 0;
        for (JsonNode worker : pool.get("workers")) {
            if (worker.get("spare").asBoolean()) {
                continue;
            }
            if (!worker.get("state").asString().equals("ready")) {
                return false;
            }
            ready++;
        }
        return ready == poolSize && pool.get("size").asInt() == poolSize;
    }

    static String helloOf(String input) {
        return "Hello from FAAS!\n" + input;
    }

    /** The good function invoked in a loop on its own thread, each answer checked. */
    private static final class GoodTraffic {

        private final Api api;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger calls = new AtomicInteger();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final Thread thread;

        GoodTraffic(Api api) {
            this.api = api;
            this.thread = Thread.ofPlatform().name("good-traffic").start(this::loop);
        }

        private void loop() {
            for (int n = 1; running.get(); n++) {
                String input = "call " + n;
                try {
                    HttpResponse<String> response = api.post("/invoke?fn=" + GOOD,
                            input.getBytes(StandardCharsets.UTF_8));
                    JsonNode body = response.statusCode() == 200 ? Api.JSON.readTree(response.body()) : null;
                    if (body == null || !body.get("ok").asBoolean()
                            || !body.get("output").asString().equals(helloOf(input))) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                } catch (Exception ex) {
                    failures.add(ex.toString());
                }
                calls.incrementAndGet();
            }
        }

        int calls() {
            return calls.get();
        }

        void awaitCalls(int count) throws InterruptedException {
            Instant deadline = Instant.now().plus(PATIENCE);
            while (calls.get() < count && Instant.now().isBefore(deadline) && thread.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(calls.get()).as("good calls answered, failures: " + failures).isGreaterThanOrEqualTo(count);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(PATIENCE);
        }
    }

    /** Samples how many processes the function's sandbox holds, on its own thread. */
    private static final class ProcessCount {

        private final String fn;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger max = new AtomicInteger();
        private Thread thread;

        ProcessCount(String fn) {
            this.fn = fn;
        }

        void start() {
            thread = Thread.ofPlatform().name("process-count").daemon().start(() -> {
                while (running.get()) {
                    max.accumulateAndGet(sandboxProcesses(fn).size(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(PATIENCE);
            }
        }

        int max() {
            return max.get();
        }
    }
}
