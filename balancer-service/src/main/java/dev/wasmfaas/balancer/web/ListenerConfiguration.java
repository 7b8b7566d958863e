package dev.wasmfaas.balancer.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.common.http.UnixSocketConnector;

/** Moves Tomcat's connector onto {@code faas.balancer.socket} when set; otherwise it stays on {@code server.port}. */
@Configuration(proxyBeanMethods = false)
class ListenerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "faas.balancer", name = "socket")
    UnixSocketConnector unixSocketConnector(BalancerProperties properties) {
        return new UnixSocketConnector(properties.socket());
    }
}
