package dev.wasmfaas.common.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Spring's {@code RestClient}, {@code RestTemplate} and Spring Integration's HTTP outbound gateway over a
 * {@link ChannelHttpClient}: the request's host names the endpoint ({@code Endpoint}'s socket alias, or a
 * TCP host and port).
 */
public final class ChannelClientHttpRequestFactory implements ClientHttpRequestFactory {

    /** The largest answer accepted through this factory. */
    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final ChannelHttpClient client;
    private final Function<URI, Endpoint> endpoints;
    private final Duration timeout;

    /** @param endpoints where a request URI's host leads */
    public ChannelClientHttpRequestFactory(ChannelHttpClient client, Function<URI, Endpoint> endpoints,
            Duration timeout) {
        this.client = client;
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod method) {
        return new Request(uri, method);
    }

    private final class Request extends AbstractBufferingClientHttpRequest {

        private final URI uri;
        private final HttpMethod method;

        Request(URI uri, HttpMethod method) {
            this.uri = uri;
            this.method = method;
        }

        @Override
        public HttpMethod getMethod() {
            return method;
        }

        @Override
        public URI getURI() {
            return uri;
        }

        @Override
        protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
            List<String[]> sent = new ArrayList<>();
            headers.forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH) && !name.equalsIgnoreCase(HttpHeaders.HOST)) {
                    values.forEach(value -> sent.add(new String[] {name, value}));
                }
            });
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            ChannelResponse response = client.send(endpoints.apply(uri),
                    new ChannelRequest(method.name(), target.isEmpty() ? "/" : target, sent, body, timeout,
                            MAX_RESPONSE_BYTES));
            return new Response(response);
        }
    }

    private static final class Response implements ClientHttpResponse {

        private final ChannelResponse response;

        Response(ChannelResponse response) {
            this.response = response;
        }

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatusCode.valueOf(response.status());
        }

        @Override
        public String getStatusText() {
            return "";
        }

        @Override
        public HttpHeaders getHeaders() {
            return response.headers();
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(response.body());
        }

        @Override
        public void close() {
            // the body was read whole; the connection is back in its pool already
        }
    }
}
