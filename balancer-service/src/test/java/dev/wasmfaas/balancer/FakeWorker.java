package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.WorkerRegistration;

/**
 * A real HTTP server on a loopback port standing in for a worker process: it records the inputs it
 * receives in order, can hold every invocation at a gate or answer after a latency, answers its
 * health check as told, and has the misbehaviours under test.
 */
final class FakeWorker implements AutoCloseable {

    private final String id;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Semaphore arrivals = new Semaphore(0);
    private volatile boolean healthy = true;
    private volatile Duration latency = Duration.ZERO;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile int slots = 1;
    private volatile int weight = 1;

    private FakeWorker(String id) throws IOException {
        this.id = id;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/actuator/health", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean up = healthy;
            respond(exchange, up ? 200 : 503, "application/json",
                    ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Answers a SUCCESS result whose stdout is the request's input, naming itself as the worker. */
    static FakeWorker answering(String id) throws IOException {
        return start(id, (self, exchange) -> {
            String input = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String activationId = exchange.getRequestHeaders().getFirst(InvocationWire.ACTIVATION_ID);
            self.received.add(input);
            self.arrivals.release();
            self.pass();
            InvocationResult result = new InvocationResult(activationId, InvocationStatus.SUCCESS, 0, input, "",
                    self.latency.toMillis(), id, null, false);
            byte[] body = InvocationWire.writeResult(result, exchange.getResponseHeaders()::add);
            respond(exchange, 200, InvocationWire.CONTENT_TYPE, body);
        });
    }

    /** Answers every invocation with this status and body, as a worker reports its own errors. */
    static FakeWorker failing(String id, int status, String contentType, byte[] body) throws IOException {
        return start(id, (self, exchange) -> {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, status, contentType, body);
        });
    }

    /**
     * Reads the request (and waits at its gate), then closes the connection without an answer, as a worker killed
     * mid-call; it goes on listening and answering its health check.
     */
    static FakeWorker hangingUp(String id) throws IOException {
        return start(id, (self, exchange) -> {
            self.received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            self.arrivals.release();
            self.pass();
            exchange.close();
        });
    }

    /** Never answers until it is closed. */
    static FakeWorker silent(String id) throws IOException {
        return start(id, (self, exchange) -> {
            try {
                self.closed.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
    }

    private static FakeWorker start(String id, Handler handler) throws IOException {
        FakeWorker worker = new FakeWorker(id);
        worker.server.createContext("/invoke", exchange -> handler.handle(worker, exchange));
        worker.server.start();
        return worker;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    // Waits at the gate, then for the latency; a closed worker lets everything through.
    private void pass() {
        try {
            gate.await(60, TimeUnit.SECONDS);
            Thread.sleep(latency);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** From now on every invocation waits at a gate until {@link #open()}. */
    FakeWorker hold() {
        gate = new CountDownLatch(1);
        return this;
    }

    /** Lets the held invocations (and all later ones) through. */
    void open() {
        gate.countDown();
    }

    FakeWorker latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    FakeWorker slots(int slots) {
        this.slots = slots;
        return this;
    }

    FakeWorker weight(int weight) {
        this.weight = weight;
        return this;
    }

    void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    /** Waits until this many more invocations have reached it. */
    void awaitArrivals(int count) throws InterruptedException {
        assertThat(arrivals.tryAcquire(count, 20, TimeUnit.SECONDS)).as("%d invocations reach %s", count, id)
                .isTrue();
    }

    /** The inputs of the invocations it received, in the order they arrived. */
    List<String> received() {
        return List.copyOf(received);
    }

    String id() {
        return id;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    WorkerRegistration registration() {
        return new WorkerRegistration(id, endpoint(), ProcessHandle.current().pid(), slots, weight);
    }

    /** Stops listening and drops every connection, as a killed process: new connections are refused. */
    // As a killed process: the listener and the connections go first, then what was held is let go. The other way
    // round, a held call ended and its slot went to the next call, which could still connect before the listener closed.
    void stop() {
        server.stop(0);
        closed.countDown();
    }

    @Override
    public void close() {
        open();
        stop();
        threads.shutdownNow();
    }

    /** A handler that can see the worker it belongs to. */
    @FunctionalInterface
    private interface Handler {
        void handle(FakeWorker worker, HttpExchange exchange) throws IOException;
    }

    /** Accepts a connection, reads the start of an invocation and resets the connection (TCP RST). */
    static final class ResettingWorker implements AutoCloseable {

        private static final byte[] HEALTHY = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);

        private final ServerSocket socket;
        private final Thread acceptor;

        ResettingWorker() throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = Thread.ofVirtual().start(this::serve);
        }

        String endpoint() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    InputStream in = connection.getInputStream();
                    byte[] start = new byte[256];
                    int read = in.read(start);
                    if (read > 0 && new String(start, 0, read, StandardCharsets.US_ASCII).contains("/actuator/health")) {
                        connection.getOutputStream().write(HEALTHY);
                    } else {
                        connection.setSoLinger(true, 0);
                    }
                } catch (IOException ex) {
                    // closed by close(), or a connection the balancer gave up on: keep serving until closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            acceptor.interrupt();
        }
    }
}
