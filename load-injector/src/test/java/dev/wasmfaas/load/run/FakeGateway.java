package dev.wasmfaas.load.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server standing in for the gateway: it answers each request as a script says, by arrival order. */
public final class FakeGateway implements AutoCloseable {

    /** What the gateway does with one request. */
    public enum Answer {
        /** 200 {"ok":true}, with a function output that itself reads "ok":false. */
        OK,
        /** 200 {"ok":false}: the function exited with 1. */
        FUNCTION_FAILED,
        /** 429 problem with Retry-After. */
        TOO_MANY,
        /** The connection closed without an answer. */
        CLOSE,
        /** No answer until the gateway is closed. */
        HANG
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final IntFunction<Answer> script;
    private final AtomicInteger received = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Each distinct request line and body seen, as "target body". */
    public final Queue<String> requests = new ConcurrentLinkedQueue<>();

    public FakeGateway(IntFunction<Answer> script) {
        this.script = script;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request that arrived, whatever its answer. */
    public int received() {
        return received.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String seen = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body;
        if (!requests.contains(seen)) {
            requests.add(seen);
        }
        switch (script.apply(received.getAndIncrement())) {
            case OK -> send(exchange, 200, "application/json",
                    "{\"ok\":true,\"id\":\"hello_1\",\"output\":\"{\\\"ok\\\":false}\\n\",\"exitCode\":0}");
            case FUNCTION_FAILED -> send(exchange, 200, "application/json",
                    "{\"ok\":false,\"id\":\"hello_1\",\"output\":\"\",\"exitCode\":1}");
            case TOO_MANY -> {
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 429, "application/problem+json",
                        "{\"type\":\"/problems/queue-full\",\"status\":429,\"ok\":false}");
            }
            // Closing an exchange before its headers were sent closes the connection itself.
            case CLOSE -> exchange.close();
            case HANG -> {
                try {
                    closing.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
