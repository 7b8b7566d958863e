package dev.wasmfaas.common.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds the clients one service uses to call another: all of them share one
 * {@link ChannelHttpClient}, hence one set of keep-alive connection pools. A socket endpoint is
 * addressed through its host alias ({@link Endpoint#host()}), which is registered here.
 */
public final class ServiceClients implements AutoCloseable {

    private final ChannelHttpClient httpClient;
    private final ChannelClientHttpRequestFactory requestFactory;
    private final Duration readTimeout;
    private final Map<String, Endpoint> sockets = new ConcurrentHashMap<>();

    public ServiceClients(String name, Duration readTimeout) {
        this.httpClient = new ChannelHttpClient(name);
        this.requestFactory = new ChannelClientHttpRequestFactory(httpClient, this::endpointOf, readTimeout);
        this.readTimeout = readTimeout;
    }

    /** The client itself, for calls on the invocation path that pass bytes through untouched. */
    public ChannelHttpClient http() {
        return httpClient;
    }

    /** How long a call may wait for its answer. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public ClientHttpRequestFactory requestFactory() {
        return requestFactory;
    }

    /** A client whose relative URIs resolve against the endpoint, with the default message converters. */
    public RestClient restClient(Endpoint endpoint) {
        return restClient(RestClient.builder(), endpoint);
    }

    /** A client whose relative URIs resolve against the endpoint. */
    public RestClient restClient(RestClient.Builder builder, Endpoint endpoint) {
        register(endpoint);
        return builder.clone().requestFactory(requestFactory).baseUrl(endpoint.baseUri().toString()).build();
    }

    /** Makes requests to this endpoint's host travel over its socket. */
    public Endpoint register(Endpoint endpoint) {
        if (endpoint.isUnix()) {
            sockets.put(endpoint.host(), endpoint);
        }
        return endpoint;
    }

    private Endpoint endpointOf(URI uri) {
        Endpoint socket = sockets.get(uri.getHost());
        return socket != null ? socket
                : new Endpoint(null, URI.create(uri.getScheme() + "://" + uri.getRawAuthority()));
    }

    @Override
    public void close() {
        httpClient.close();
    }
}
