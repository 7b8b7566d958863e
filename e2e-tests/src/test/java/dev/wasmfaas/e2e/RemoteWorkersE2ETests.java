package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.tls.TestCertificates;

/**
 * Workers on other hosts, with real network isolation: two worker JVMs, each in a network namespace of its own
 * joined to this one by a veth pair, run in remote mode; they register with the suite's balancer over mutual TLS
 * (with a lease), fetch the function's module from the server by digest over mutual TLS, and are called at
 * their {@code https://} lane. Under load one namespace is cut off (its link taken down): the balancer drops
 * that worker within seconds, the calls that were in flight on it end as {@code 502 worker-lost}, and every other
 * call succeeds, on the other remote worker and on the local pool, which keep serving.
 */
class RemoteWorkersE2ETests {

    private static final int LOAD_THREADS = 8;
    private static final int REMOTE_SLOTS = 2;
    private static final String LOCAL_WORKER = "worker-1";
    /** The remote workers' lease (renewed every third of it), and the balancer's probes of every worker. */
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    /**
     * How soon a host cut off must be dropped. The lease bounds it: renewed before the cut at the latest, it runs
     * out a lease after it, and the balancer looks at leases twice a second (5.5 s); two probes failing in a row
     * (each within {@code HEALTH_TIMEOUT}, one every {@code HEALTH_INTERVAL}) usually drop it before that: 2.5 to
     * 3.4 s measured. Twice the lease leaves 4.5 s more for timers and this test's polling delayed on two loaded
     * cores.
     */
    private static final Duration DROPPED_WITHIN = LEASE.multipliedBy(2);

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void cuttingOffARemoteHostUnderLoadLosesOnlyTheCallsInFlightOnIt() throws Exception {
        String unavailable = NetworkNamespaces.unavailable();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);

        Path work = Files.createTempDirectory(Path.of("/tmp"), "faas-e2e-remote-tls");
        TestCertificates.Leaf platform = TestCertificates.authority(work.resolve("ca"), "platform").issue("platform");
        String tls = String.join(" ", platform.arguments());
        int balancerTls = Ports.free();
        int serverTls = Ports.free();
        List<Process> workers = new ArrayList<>();
        try (NetworkNamespaces namespaces = new NetworkNamespaces()) {
            NetworkNamespaces.Host far = namespaces.add();
            NetworkNamespaces.Host near = namespaces.add();
            // The workers start beside the suite: they retry their registration until the balancer listens.
            try {
                workers.add(startWorker("remote-1", far, balancerTls, serverTls, platform, work));
                workers.add(startWorker("remote-2", near, balancerTls, serverTls, platform, work));
                runUnderLoad(far, balancerTls, serverTls, tls, workers);
            } finally {
                // Before the namespaces go: a namespace lasts as long as a process in it.
                for (Process worker : workers) {
                    worker.destroyForcibly();
                    worker.waitFor(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            Suite.deleteTree(work);
        }
    }

    private static void runUnderLoad(NetworkNamespaces.Host far, int balancerTls, int serverTls, String tls,
            List<Process> workers) throws Exception {
        {
            try (Suite suite = Suite.start("remote", 1, Map.of(
                    "FAAS_BALANCER_ARGS", "--faas.balancer.tls.port=" + balancerTls
                            + " --faas.balancer.health-interval=" + HEALTH_INTERVAL.toMillis() + "ms"
                            + " --faas.balancer.health-timeout=" + HEALTH_TIMEOUT.toMillis() + "ms " + tls,
                    "FAAS_SERVER_ARGS", "--faas.server.pool.spares=0 --faas.server.pool.start-timeout=240s"
                            + " --faas.server.tls.port=" + serverTls + " " + tls));
                    ChannelHttpClient balancer = new ChannelHttpClient("e2e-remote")) {
                Endpoint balancerSocket = Endpoint.unix(suite.runDir.resolve("balancer.sock"));
                awaitWorkers(balancer, balancerSocket, ids -> ids.contains("remote-1") && ids.contains("remote-2")
                        && ids.contains(LOCAL_WORKER), Duration.ofSeconds(300), workers);

                Api api = new Api(suite);
                String fn = api.deploy("remote-sleepy", Api.SLEEPY);
                Load load = new Load(api, fn);
                load.start();
                try {
                    // Each worker has served calls, module fetched by the remote ones included.
                    await(() -> load.servedBy("remote-1", null) >= 2 && load.servedBy("remote-2", null) >= 2
                            && load.servedBy(LOCAL_WORKER, null) >= 2, Duration.ofSeconds(180));
                    await(() -> inFlight(balancer, balancerSocket, "remote-1") > 0, Duration.ofSeconds(60));
                    Instant cut = Instant.now();
                    far.cutOff();
                    await(() -> !workerIds(balancer, balancerSocket).contains("remote-1"), Duration.ofSeconds(120));
                    Duration dropped = Duration.between(cut, Instant.now());
                    Instant afterDrop = Instant.now();
                    await(() -> load.servedBy("remote-2", afterDrop) >= 3 && load.servedBy(LOCAL_WORKER, afterDrop) >= 3,
                            Duration.ofSeconds(120));
                    load.stop();

                    List<Call> calls = new ArrayList<>(load.calls);
                    List<Call> failed = calls.stream().filter(call -> call.status != 200).toList();
                    System.out.printf("remote workers: %d calls, remote-1 dropped %d ms after the cut, %d lost "
                            + "(remote-1 %d before the cut, remote-2 %d and %s %d after the drop)%n", calls.size(),
                            dropped.toMillis(), failed.size(), load.servedBy("remote-1", null),
                            load.servedBy("remote-2", afterDrop), LOCAL_WORKER, load.servedBy(LOCAL_WORKER, afterDrop));

                    assertThat(dropped).as("remote-1 dropped within seconds of the cut").isLessThan(DROPPED_WITHIN);
                    assertThat(failed).as("the calls that did not succeed").isNotEmpty().hasSizeLessThanOrEqualTo(REMOTE_SLOTS)
                            .allSatisfy(call -> {
                                assertThat(call.status).as(call.body).isEqualTo(502);
                                assertThat(call.type).as(call.body).isEqualTo("/problems/worker-lost");
                                assertThat(call.start).isBefore(afterDrop);
                            });
                    for (Call call : failed) {
                        if (call.activationId != null) {
                            JsonNode activation = Api.okJsonWithoutOk(api.get("/activations/" + call.activationId));
                            assertThat(activation.path("status").asString()).isEqualTo("worker-lost");
                        }
                    }
                    // Nothing answered from the host after it was cut off.
                    assertThat(calls.stream().filter(call -> call.status == 200 && "remote-1".equals(call.worker)))
                            .allSatisfy(call -> assertThat(call.end).isBefore(cut.plus(dropped)));
                    assertThat(workerIds(balancer, balancerSocket)).contains("remote-2", LOCAL_WORKER)
                            .doesNotContain("remote-1");
                } finally {
                    load.stop();
                }
            }
        }
    }

    private static Process startWorker(String id, NetworkNamespaces.Host host, int balancerTls, int serverTls,
            TestCertificates.Leaf platform, Path work) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The pool's workers' options, and the suites' JIT.
        List<String> command = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xms32m", "-Xmn16m", "-Xmx384m",
                "--enable-native-access=ALL-UNNAMED", Suite.FIRST_JIT_TIER_ONLY));
        // The class cache ./faas made for the pool's workers, when there is one: a start in seconds, not a minute.
        Path aot = Suite.HOME.resolve("worker-service/target/aot");
        Path jar = Suite.HOME.resolve("worker-service/target/worker-service.jar");
        if (Files.isRegularFile(aot.resolve("worker-service.jar"))) {
            jar = aot.resolve("worker-service.jar");
            if (Files.isRegularFile(aot.resolve("app.aot"))) {
                command.addAll(List.of("-XX:AOTCache=" + aot.resolve("app.aot"), "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:ArchiveRelocationMode=0"));
            } else if (Files.isRegularFile(aot.resolve("app.jsa"))) {
                command.addAll(List.of("-XX:SharedArchiveFile=" + aot.resolve("app.jsa"), "-Xshare:auto"));
            }
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--faas.worker.id=" + id, "--server.port=0", "--server.address=127.0.0.1",
                "--faas.worker.tcp.port=9443", "--faas.worker.tcp.address=" + host.address(),
                "--faas.worker.remote.advertise=https://" + host.address() + ":9443",
                "--faas.worker.remote.balancer=https://" + host.hostAddress() + ":" + balancerTls,
                "--faas.worker.remote.server=https://" + host.hostAddress() + ":" + serverTls,
                "--faas.worker.remote.lease=" + LEASE.toMillis() + "ms", "--faas.worker.remote.slots=" + REMOTE_SLOTS,
                "--faas.worker.remote.module-dir=" + work.resolve("modules-" + id)));
        command.addAll(platform.arguments());
        Path log = Path.of("target", "e2e-" + id + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        return host.start(command, log);
    }

    private static void awaitWorkers(ChannelHttpClient http, Endpoint balancer, Predicate<List<String>> ready,
            Duration timeout, List<Process> workers) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.test(workerIds(http, balancer))) {
            for (Process worker : workers) {
                assertThat(worker.isAlive()).as("a remote worker exited; see target/e2e-remote-*.log").isTrue();
            }
            assertThat(Instant.now()).as("workers registered within " + timeout + ": " + workerIds(http, balancer))
                    .isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static List<String> workerIds(ChannelHttpClient http, Endpoint balancer) {
        List<String> ids = new ArrayList<>();
        for (JsonNode worker : workers(http, balancer)) {
            if ("READY".equals(worker.path("state").asString())) {
                ids.add(worker.path("id").asString());
            }
        }
        return ids;
    }

    private static int inFlight(ChannelHttpClient http, Endpoint balancer, String id) {
        for (JsonNode worker : workers(http, balancer)) {
            if (id.equals(worker.path("id").asString())) {
                return worker.path("inFlight").asInt();
            }
        }
        return 0;
    }

    private static JsonNode workers(ChannelHttpClient http, Endpoint balancer) {
        try {
            ChannelResponse response = http.send(balancer, ChannelRequest.of("GET", "/workers", Duration.ofSeconds(10),
                    1 << 20));
            return Api.JSON.readTree(response.body());
        } catch (Exception ex) {
            throw new IllegalStateException("cannot list the balancer's workers", ex);
        }
    }

    private static void await(CheckedCondition condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.holds()) {
            assertThat(Instant.now()).as("condition within " + timeout).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface CheckedCondition {
        boolean holds() throws Exception;
    }

    /** One call of the load: when it started and ended, and what came back. */
    private record Call(Instant start, Instant end, int status, String worker, String type, String activationId,
            String body) {
    }

    /** Closed-loop load on the public API from a few threads. */
    private static final class Load {

        private final Api api;
        private final String fn;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        Load(Api api, String fn) {
            this.api = api;
            this.fn = fn;
        }

        void start() {
            for (int i = 0; i < LOAD_THREADS; i++) {
                threads.add(Thread.ofPlatform().name("load-" + i).start(this::loop));
            }
        }

        private void loop() {
            while (running.get()) {
                Instant start = Instant.now();
                try {
                    HttpResponse<String> response = api.post("/invoke?fn=" + fn,
                            "t 400".getBytes(StandardCharsets.UTF_8));
                    JsonNode body = Api.JSON.readTree(response.body());
                    calls.add(new Call(start, Instant.now(), response.statusCode(), text(body, "worker"),
                            text(body, "type"), text(body, "activationId"), response.body()));
                } catch (Exception ex) {
                    calls.add(new Call(start, Instant.now(), -1, null, null, null, ex.toString()));
                }
            }
        }

        private static String text(JsonNode body, String field) {
            JsonNode value = body.path(field);
            return value.isMissingNode() || value.isNull() ? null : value.asString();
        }

        /** Successful calls of this worker, those started after {@code since} when given. */
        long servedBy(String worker, Instant since) {
            return calls.stream().filter(call -> call.status == 200 && worker.equals(call.worker)
                    && (since == null || call.start.isAfter(since))).count();
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }

    /** Free TCP ports for the suite's TLS listeners. */
    private static final class Ports {

        static int free() throws java.io.IOException {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
