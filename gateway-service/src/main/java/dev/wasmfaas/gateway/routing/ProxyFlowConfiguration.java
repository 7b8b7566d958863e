package dev.wasmfaas.gateway.routing;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.ServletException;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.DirectRoute;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.gateway.config.GatewayProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API as a Spring Integration flow: entrances take the public paths (each group with the
 * methods it allows, so any other method is a 405 at the door) and put each request on the proxy channel
 * ({@link ProxyEntrance}); one flow sends it unchanged (method, path, query, body) over the server's socket
 * ({@link ServerCall}); the server's status, body and content type come back as the reply.
 */
@Configuration(proxyBeanMethods = false)
class ProxyFlowConfiguration {

    static final String TARGET = "faas_target";
    static final String PROXY = "serverProxy";
    static final String INVOKE = "/invoke";
    static final List<String> PUBLIC_PATHS = List.of("/deploy", INVOKE, "/function/*", "/functions",
            "/functions/*", "/languages", "/languages/refresh", "/system/workers", "/system/strategy");
    /** Activation records are read only. */
    static final List<String> ACTIVATION_PATHS = List.of("/activations", "/activations/*");
    /** Asynchronous invocation by name. */
    static final List<String> ASYNC_PATHS = List.of("/async-function/*");

    @Bean(destroyMethod = "close")
    ServiceClients serviceClients(GatewayProperties properties) {
        return new ServiceClients("gateway", properties.readTimeout());
    }

    @Bean
    MessageChannel serverProxy() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow serverProxyFlow(ServiceClients clients, GatewayProperties properties) {
        Endpoint server = clients.register(Endpoint.parse(properties.server()));
        ServerCall call = new ServerCall(clients.http(), server, properties.readTimeout());
        // Each request goes on unchanged (method, path, query, body) over the server's socket.
        return IntegrationFlow.from(PROXY)
                .<Object>handle((payload, headers) -> {
                    try {
                        return call.call(payload, headers);
                    } catch (ChannelHttpException ex) {
                        throw new UncheckedIOException(ex);
                    }
                })
                .get();
    }

    /** The public paths, each group with the methods it allows, entering the proxy channel. */
    @Bean
    SimpleUrlHandlerMapping proxyEntrances(MessageChannel serverProxy, JsonMapper json,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        ProxyFailures failures = new ProxyFailures(json);
        Map<String, Object> entrances = new LinkedHashMap<>();
        ProxyEntrance any = new ProxyEntrance(serverProxy,
                Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE), failures, problems);
        PUBLIC_PATHS.forEach(path -> entrances.put(path, any));
        ProxyEntrance read = new ProxyEntrance(serverProxy, Set.of(HttpMethod.GET), failures, problems);
        ACTIVATION_PATHS.forEach(path -> entrances.put(path, read));
        ProxyEntrance post = new ProxyEntrance(serverProxy, Set.of(HttpMethod.POST), failures, problems);
        ASYNC_PATHS.forEach(path -> entrances.put(path, post));
        // Before the annotated controllers: most requests are these.
        return new SimpleUrlHandlerMapping(entrances, -1);
    }

    /**
     * {@code POST /invoke}, most of the gateway's requests, handed to its entrance right after the gateway's own
     * filters (key, body, rules; the dashboard's headers): the rest of the chain and the dispatcher's look-up
     * were a seventh of the gateway's time. The entrance, the channel and the flow are the same; the request
     * is still observed, under its path.
     */
    @Bean
    FilterRegistrationBean<DirectRoute> invocationRoute(SimpleUrlHandlerMapping proxyEntrances,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        HttpRequestHandler entrance = (HttpRequestHandler) proxyEntrances.getUrlMap().get(INVOKE);
        DirectRoute route = new DirectRoute(HttpMethod.POST.name(), INVOKE, (request, response) -> {
            ServerHttpObservationFilter.findObservationContext(request).ifPresent(context -> context.setPathPattern(INVOKE));
            try {
                entrance.handleRequest(request, response);
            } catch (ServletException ex) {
                throw new IllegalStateException(ex);
            }
        }, problems);
        return route.registration(Ordered.HIGHEST_PRECEDENCE + 4);
    }
}
