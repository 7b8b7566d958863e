package dev.wasmfaas.common.http;

import java.time.Duration;

import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds the clients one service uses to call another: all of them share one
 * {@link SocketHttpClient}, hence one set of keep-alive connection pools.
 */
public final class ServiceClients implements AutoCloseable {

    private final SocketHttpClient httpClient;
    private final JettyClientHttpRequestFactory requestFactory;
    private final Duration readTimeout;

    public ServiceClients(String name, Duration readTimeout) {
        this.httpClient = new SocketHttpClient(name);
        try {
            httpClient.start();
        } catch (Exception ex) {
            throw new IllegalStateException("cannot start the HTTP client", ex);
        }
        this.requestFactory = new JettyClientHttpRequestFactory(httpClient);
        requestFactory.setConnectTimeout(Duration.ofSeconds(5));
        requestFactory.setReadTimeout(readTimeout);
        this.readTimeout = readTimeout;
    }

    /** The Jetty client itself, for calls on the invocation path that pass bytes through untouched. */
    public SocketHttpClient http() {
        return httpClient;
    }

    /** How long a call may wait for its answer. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public JettyClientHttpRequestFactory requestFactory() {
        return requestFactory;
    }

    /** A client whose relative URIs resolve against the endpoint, with the default message converters. */
    public RestClient restClient(Endpoint endpoint) {
        return restClient(RestClient.builder(), endpoint);
    }

    /** A client whose relative URIs resolve against the endpoint. */
    public RestClient restClient(RestClient.Builder builder, Endpoint endpoint) {
        httpClient.register(endpoint);
        return builder.clone().requestFactory(requestFactory).baseUrl(endpoint.baseUri().toString()).build();
    }

    public Endpoint register(Endpoint endpoint) {
        return httpClient.register(endpoint);
    }

    @Override
    public void close() throws Exception {
        httpClient.stop();
    }
}
