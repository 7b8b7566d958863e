package dev.wasmfaas.gateway.routing;

import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.http.dsl.Http;

import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.gateway.config.GatewayProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API as Spring Integration flows: HTTP inbound gateways take the public paths (each
 * group with the methods it allows, so any other method is a 405 at the door), and one flow sends each
 * request unchanged (method, path, query, body) over the server's socket ({@link ServerCall}); the
 * server's status, body and content type come back.
 */
@Configuration(proxyBeanMethods = false)
class ProxyFlowConfiguration {

    static final String TARGET = "faas_target";
    static final String ERRORS = "serverProxyErrors";
    static final String PROXY = "serverProxy";
    static final List<String> PUBLIC_PATHS = List.of("/deploy", "/invoke", "/function/*", "/functions",
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

    @Bean
    IntegrationFlow publicPathsFlow() {
        return entrance(PUBLIC_PATHS, HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE);
    }

    @Bean
    IntegrationFlow activationPathsFlow() {
        return entrance(ACTIVATION_PATHS, HttpMethod.GET);
    }

    @Bean
    IntegrationFlow asyncPathsFlow() {
        return entrance(ASYNC_PATHS, HttpMethod.POST);
    }

    private static IntegrationFlow entrance(List<String> paths, HttpMethod... methods) {
        return IntegrationFlow
                .from(Http.inboundGateway(paths.toArray(String[]::new))
                        .requestMapping(m -> m.methods(methods))
                        .requestPayloadType(byte[].class)
                        // Only what is forwarded becomes a message header: never the Authorization header,
                        // which a logged message (or a failed one) would print.
                        .mappedRequestHeaders("Content-Type", "Accept")
                        .messageConverters(new ByteArrayHttpMessageConverter())
                        .headerFunction(TARGET, entity -> ServerRoute.currentTarget())
                        .errorChannel(ERRORS))
                .channel(PROXY)
                .get();
    }

    @Bean
    IntegrationFlow serverProxyErrorFlow(JsonMapper json) {
        ProxyFailures failures = new ProxyFailures(json);
        return IntegrationFlow.from(ERRORS).handle((failure, headers) -> failures.toResponse((Throwable) failure)).get();
    }
}
