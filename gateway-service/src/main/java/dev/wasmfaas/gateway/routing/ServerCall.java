package dev.wasmfaas.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;

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

    ServerCall(ChannelHttpClient client, Endpoint server, Duration timeout) {
        this.client = client;
        this.server = server;
        this.timeout = timeout;
    }

    /**
     * The server's answer as the reply message. Its {@code contentType} header is the answer's: the inbound gateway
     * writes the reply's headers first, and a reply would otherwise carry the request's content type.
     */
    Message<ResponseEntity<byte[]>> call(Object payload, MessageHeaders headers) throws ChannelHttpException {
        byte[] body = payload instanceof byte[] bytes ? bytes : new byte[0];
        List<String[]> sent = new ArrayList<>(2);
        // The inbound gateway maps Content-Type to Spring's contentType header, other headers by their names.
        copy(headers, "Content-Type", sent, MessageHeaders.CONTENT_TYPE, "Content-Type", "content-type");
        copy(headers, "Accept", sent, "Accept", "accept");
        Object method = headers.get(org.springframework.integration.http.HttpHeaders.REQUEST_METHOD);
        ChannelResponse answer = client.send(server, new ChannelRequest(method == null ? HttpMethod.GET.name()
                : method.toString(), (String) headers.get(ProxyFlowConfiguration.TARGET), sent, body, timeout,
                MAX_ANSWER_BYTES));
        ResponseEntity<byte[]> relayed = relay(answer);
        MessageBuilder<ResponseEntity<byte[]>> reply = MessageBuilder.withPayload(relayed);
        String type = relayed.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        reply.setHeader(MessageHeaders.CONTENT_TYPE, type != null ? type : "application/octet-stream");
        return reply.build();
    }

    // The inbound mapper keeps Accept as a list of media types: written back, they are joined.
    private static void copy(MessageHeaders headers, String name, List<String[]> sent, String... keys) {
        for (String key : keys) {
            Object value = headers.get(key);
            if (value instanceof Collection<?> values) {
                if (!values.isEmpty()) {
                    sent.add(new String[] {name, values.stream().map(String::valueOf).collect(Collectors.joining(", "))});
                }
                return;
            }
            if (value != null) {
                sent.add(new String[] {name, value.toString()});
                return;
            }
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
