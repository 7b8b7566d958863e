package dev.wasmfaas.server.config;

import java.time.Duration;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.common.http.UnixSocketConnector;

/** Listening on the server's socket and the shared client for the balancer. */
@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    @Bean
    @ConditionalOnProperty("faas.server.socket")
    TomcatConnectorCustomizer unixSocketConnector(ServerProperties properties) {
        return new UnixSocketConnector(properties.socket());
    }

    @Bean(destroyMethod = "close")
    ServiceClients serviceClients(ServerProperties properties) {
        // A call may wait for a whole invocation: the function's time limit plus a margin.
        Duration readTimeout = properties.limits().timeout().plusSeconds(120);
        return new ServiceClients("server", readTimeout);
    }
}
