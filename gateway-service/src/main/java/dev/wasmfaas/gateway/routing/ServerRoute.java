package dev.wasmfaas.gateway.routing;

import java.net.URI;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.wasmfaas.common.http.Endpoint;

/** Maps a public request to the same path and query on the server, and cleans the server's answer. */
final class ServerRoute {

    // Hop-by-hop and framing headers belong to one connection and are never relayed.
    private static final Set<String> RELAYED = Set.of("content-type", "location", "retry-after", "x-function-id",
            "x-activation-id");

    private final Endpoint server;

    ServerRoute(Endpoint server) {
        this.server = server;
    }

    /** The path and raw query of the request being handled on this thread. */
    static String currentTarget() {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                .getRequest();
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    URI uriFor(String target) {
        return URI.create(server.baseUri() + target);
    }

    static ResponseEntity<byte[]> relay(ResponseEntity<?> answer) {
        HttpHeaders headers = new HttpHeaders();
        answer.getHeaders().forEach((name, values) -> {
            if (RELAYED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name, values);
            }
        });
        // A source is answered with its own type (text/plain for HTML): no browser may guess another.
        headers.set("X-Content-Type-Options", "nosniff");
        byte[] body = answer.getBody() instanceof byte[] bytes ? bytes : new byte[0];
        return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(body);
    }
}
