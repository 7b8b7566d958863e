package dev.wasmfaas.balancer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.WorkerRegistration;

/** A real HTTP server on a loopback port standing in for a worker process, with the misbehaviours under test. */
final class FakeWorker implements AutoCloseable {

    private final String id;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);

    private FakeWorker(String id) throws IOException {
        this.id = id;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
    }

    /** Answers a SUCCESS result whose stdout is the request's input, naming itself as the worker. */
    static FakeWorker answering(String id, JsonMapper json) throws IOException {
        return start(id, (self, exchange) -> {
            InvocationRequest request = json.readValue(exchange.getRequestBody(), InvocationRequest.class);
            InvocationResult result = new InvocationResult(request.activationId(), InvocationStatus.SUCCESS, 0,
                    new String(request.input(), StandardCharsets.UTF_8), "", 1, id, null, false);
            respond(exchange, 200, "application/json", json.writeValueAsBytes(result));
        });
    }

    /** Answers every invocation with this status and body, as a worker reports its own errors. */
    static FakeWorker failing(String id, int status, String contentType, byte[] body) throws IOException {
        return start(id, (self, exchange) -> {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, status, contentType, body);
        });
    }

    /** Reads the request, then closes the connection without an answer, as a worker killed mid-call. */
    static FakeWorker hangingUp(String id) throws IOException {
        return start(id, (self, exchange) -> {
            exchange.getRequestBody().readAllBytes();
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

    String id() {
        return id;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    WorkerRegistration registration() {
        return new WorkerRegistration(id, endpoint(), ProcessHandle.current().pid(), 1, 1);
    }

    /** Stops listening: from now on a connection to it is refused. */
    void stop() {
        closed.countDown();
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
        threads.shutdownNow();
    }

    /** A handler that can see the worker it belongs to. */
    @FunctionalInterface
    private interface Handler {
        void handle(FakeWorker worker, HttpExchange exchange) throws IOException;
    }

    /** Accepts a connection, reads the start of the request and resets the connection (TCP RST). */
    static final class ResettingWorker implements AutoCloseable {

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
                    in.read(new byte[256]);
                    connection.setSoLinger(true, 0);
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
