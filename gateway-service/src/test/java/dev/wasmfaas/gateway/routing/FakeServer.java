package dev.wasmfaas.gateway.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server standing in for server-service: it records requests and answers by path. */
final class FakeServer implements AutoCloseable {

    record Received(String method, String target, String contentType, String authorization, byte[] body,
            String accept) {
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();

    FakeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        received.add(new Received(exchange.getRequestMethod(), target,
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"), body,
                exchange.getRequestHeaders().getFirst("Accept")));
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/deploy") && target.contains("name=taken")) {
            send(exchange, 409, "application/problem+json",
                    "{\"type\":\"/problems/name-taken\",\"status\":409,\"ok\":false}".getBytes());
        } else if (path.equals("/deploy")) {
            exchange.getResponseHeaders().add("Location", "/function/hello");
            exchange.getResponseHeaders().add("X-Internal-Secret", "must not leak");
            send(exchange, 201, "application/json", "{\"ok\":true,\"id\":\"hello_1\"}".getBytes());
        } else if (path.startsWith("/async-function/") || target.contains("async=true")) {
            exchange.getResponseHeaders().add("Location", "/activations/act-1");
            exchange.getResponseHeaders().add("X-Activation-Id", "act-1");
            send(exchange, 202, "application/json",
                    "{\"ok\":true,\"activationId\":\"act-1\",\"status\":\"queued\"}".getBytes());
        } else if (path.equals("/languages/refresh")) {
            exchange.getResponseHeaders().add("Location", "/languages");
            send(exchange, 202, "application/json", "[]".getBytes());
        } else if (path.startsWith("/activations")) {
            send(exchange, 200, "application/json", "{\"status\":\"success\"}".getBytes());
        } else if (path.startsWith("/function/wasm")) {
            send(exchange, 200, "application/wasm", new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        } else if (path.startsWith("/function/")) {
            send(exchange, 200, "text/plain;charset=UTF-8", body.length > 0 ? body : "int main(){}\n".getBytes());
        } else {
            send(exchange, 200, "application/json", ("{\"ok\":true,\"echo\":" + body.length + "}").getBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
