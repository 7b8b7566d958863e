package dev.wasmfaas.common.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One request of a {@link ChannelHttpClient}.
 *
 * @param method the HTTP method
 * @param target the path and query, already encoded
 * @param headers name and value pairs, in order (no {@code Host} or {@code Content-Length}: the client writes them)
 * @param body the body, empty for none
 * @param timeout how long the whole exchange may take
 * @param maxResponseBytes the largest answer body accepted
 */
public record ChannelRequest(String method, String target, List<String[]> headers, byte[] body, Duration timeout,
        int maxResponseBytes) {

    public ChannelRequest {
        headers = headers == null ? List.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** A request without headers or body. */
    public static ChannelRequest of(String method, String target, Duration timeout, int maxResponseBytes) {
        return new ChannelRequest(method, target, new ArrayList<>(), new byte[0], timeout, maxResponseBytes);
    }
}
