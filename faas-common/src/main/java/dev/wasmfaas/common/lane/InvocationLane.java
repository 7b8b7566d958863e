package dev.wasmfaas.common.lane;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.wasmfaas.common.http.Endpoint;

/**
 * {@code POST /invoke} on the lane: where its socket is, how large its body may be, and which requests of
 * the public API the server's lane takes.
 */
public final class InvocationLane {

    /** The route of every invocation between the services. */
    public static final String METHOD = "POST";
    public static final String PATH = "/invoke";

    /** The largest invocation body a lane takes: above any payload or answer the public limits let through. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private InvocationLane() {
    }

    /** The lane of the service listening on {@code serviceSocket}, not started. */
    public static LaneServer beside(Path serviceSocket, LaneHandler handler) {
        return new LaneServer(socketBeside(serviceSocket), METHOD, PATH, MAX_BODY_BYTES, handler);
    }

    /** The lane of a remote worker: on a TCP address, with mutual TLS ({@code tls}), not started. */
    public static LaneServer overTls(InetSocketAddress address, SSLContext tls, LaneHandler handler) {
        return LaneServer.overTls(address, tls, METHOD, PATH, MAX_BODY_BYTES, handler);
    }

    /** The socket beside a service's own {@code name.sock}: {@code name.invoke.sock}. */
    public static Path socketBeside(Path serviceSocket) {
        String name = serviceSocket.getFileName().toString();
        String stem = name.endsWith(".sock") ? name.substring(0, name.length() - ".sock".length()) : name;
        return serviceSocket.resolveSibling(stem + ".invoke.sock");
    }

    /**
     * Where a service's invocations go: the lane beside its socket when that lane is listening now, else
     * the service's own endpoint (over TCP, or a service that serves no lane).
     */
    public static Endpoint of(Endpoint service) {
        if (!service.isUnix()) {
            return service;
        }
        Path lane = socketBeside(service.socket());
        return Files.exists(lane) ? Endpoint.unix(lane) : service;
    }

    /** The lane's answer to a health probe: {@code 200 {"status":"UP"}}, or {@code 503 {"status":"DOWN"}}. */
    public static LaneAnswer health(boolean up) {
        return new LaneAnswer(up ? 200 : 503, "application/json", List.of(),
                (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether an {@code Accept} header (its values joined by commas, or null) lets the answer be JSON. */
    public static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.includes(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
