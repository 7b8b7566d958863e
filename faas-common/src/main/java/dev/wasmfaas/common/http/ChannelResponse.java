package dev.wasmfaas.common.http;

import org.springframework.http.HttpHeaders;

/**
 * An answer read by a {@link ChannelHttpClient}.
 *
 * @param status the HTTP status
 * @param headers its headers (names in any case)
 * @param body the whole body
 * @param keepAlive whether the connection may carry another request
 */
public record ChannelResponse(int status, HttpHeaders headers, byte[] body, boolean keepAlive) {
}
