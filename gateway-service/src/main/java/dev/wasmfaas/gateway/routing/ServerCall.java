package dev.wasmfaas.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.MessageHeaders;

import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneEndpoint;

/**
 * The flow's step that calls the server: the request as it came (method, path, query, body, its
 * content type and accepted types) over the server's socket, and the server's status, body and the
 * headers a client may see back. It talks to the server's socket directly, with no template,
 * converter or header mapper between the message and the bytes.
 */
final class ServerCall {

    /** The largest answer relayed: a module read back, with room. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
    // Hop-by-hop and framing headers belong to one connection and are never relayed; the others by their
    // usual spelling, whatever the case the server wrote them in.
    private static final Map<String, String> RELAYED = Map.of("content-type", HttpHeaders.CONTENT_TYPE,
            "location", HttpHeaders.LOCATION, "retry-after", HttpHeaders.RETRY_AFTER, "x-function-id", "X-Function-Id",
            "x-activation-id", "X-Activation-Id");

    private final ChannelHttpClient client;
    private final Endpoint server;
    private final Duration timeout;
    private final LaneEndpoint lane;

    ServerCall(ChannelHttpClient client, Endpoint server, Duration timeout) {
        this.client = client;
        this.server = server;
        this.lane = new LaneEndpoint(server);
        this.timeout = timeout;
    }

    /** The server's answer to the request a message of {@link ProxyEntrance} carries. */
    ResponseEntity<byte[]> call(Object payload, MessageHeaders headers) throws ChannelHttpException {
        byte[] body = payload instanceof byte[] bytes ? bytes : new byte[0];
        List<String[]> sent = new ArrayList<>(2);
        copy(headers, MessageHeaders.CONTENT_TYPE, "Content-Type", sent);
        copy(headers, HttpHeaders.ACCEPT, "Accept", sent);
        Object method = headers.get(ProxyEntrance.METHOD);
        String verb = method == null ? HttpMethod.GET.name() : method.toString();
        String target = (String) headers.get(ProxyFlowConfiguration.TARGET);
        Endpoint to = invocation(verb, target, headers.get(HttpHeaders.ACCEPT)) ? lane.get() : server;
        return relay(client.send(to, new ChannelRequest(verb, target, sent, body, timeout, MAX_ANSWER_BYTES)));
    }

    // An invocation the server's lane answers as its servlet container would: one whose answer may be JSON.
    private static boolean invocation(String method, String target, Object accept) {
        return InvocationLane.METHOD.equals(method) && target.startsWith(InvocationLane.PATH)
                && (target.length() == InvocationLane.PATH.length() || target.charAt(InvocationLane.PATH.length()) == '?')
                && InvocationLane.acceptsJson(accept == null ? null : accept.toString());
    }

    private static void copy(MessageHeaders headers, String key, String name, List<String[]> sent) {
        Object value = headers.get(key);
        if (value != null) {
            sent.add(new String[] {name, value.toString()});
        }
    }

    private static ResponseEntity<byte[]> relay(ChannelResponse answer) {
        HttpHeaders relayed = new HttpHeaders();
        answer.headers().forEach((name, values) -> {
            String spelled = RELAYED.get(name.toLowerCase(Locale.ROOT));
            if (spelled != null) {
                relayed.put(spelled, values);
            }
        });
        // A source is answered with its own type (text/plain for HTML): no browser may guess another.
        relayed.set("X-Content-Type-Options", "nosniff");
        return ResponseEntity.status(answer.status()).headers(relayed).body(answer.body());
    }
}
