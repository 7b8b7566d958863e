package dev.wasmfaas.balancer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;

/**
 * One balancer on a loopback port shared by the strategy, back-pressure, worker-loss and health
 * tests: a small queue, fast health probes, and a worker timeout far beyond any test, so a call
 * that should have been failed at once would show up as a hung test rather than a timeout answer.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "faas.balancer.queue-capacity=" + SchedulingTestSupport.QUEUE_CAPACITY,
        "faas.balancer.health-interval=100ms",
        "faas.balancer.worker-timeout=60s" })
@Timeout(value = 30, unit = TimeUnit.SECONDS)
abstract class SchedulingTestSupport {

    static final int QUEUE_CAPACITY = 8;

    private static ServiceClients clients;

    @LocalServerPort
    private int port;

    @Autowired
    protected JsonMapper json;

    protected BalancerCalls balancer;

    protected final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    private final List<FakeWorker> workers = new ArrayList<>();

    @BeforeAll
    static void connect() {
        clients = new ServiceClients("test", Duration.ofSeconds(60));
    }

    @AfterAll
    static void disconnect() throws Exception {
        clients.close();
    }

    @BeforeEach
    void startClean() {
        balancer = new BalancerCalls(clients.restClient(RestClient.builder(),
                Endpoint.parse("http://127.0.0.1:" + port)), json);
        balancer.forgetWorkers();
        balancer.useStrategy("RR");
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(FakeWorker::close);
        threads.shutdownNow();
    }

    protected FakeWorker worker(String id) throws IOException {
        return track(FakeWorker.answering(id));
    }

    /** Closes this worker after the test. */
    protected FakeWorker track(FakeWorker worker) {
        workers.add(worker);
        return worker;
    }
}
