package dev.wasmfaas.balancer.web;

import java.util.Map;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.common.http.UnixSocketConnector;
import dev.wasmfaas.common.management.InvocationObservation;
import dev.wasmfaas.common.management.IdleHeap;
import dev.wasmfaas.common.management.ScrapeTargetPublisher;
import dev.wasmfaas.common.management.SocketHealthController;

/**
 * Moves Tomcat's connector onto {@code faas.balancer.socket} when set; otherwise it stays on {@code server.port}.
 * With actuator on its own management port, health stays on the socket too and the port is published as a
 * Prometheus scrape target.
 */
@Configuration(proxyBeanMethods = false)
class ListenerConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "faas.balancer", name = "socket")
    UnixSocketConnector unixSocketConnector(BalancerProperties properties) {
        return new UnixSocketConnector(properties.socket());
    }

    @Bean
    ScrapeTargetPublisher scrapeTarget(Environment environment) {
        return ScrapeTargetPublisher.of(environment, "balancer", Map.of("service", "balancer"));
    }

    /** The heap a load left, handed back once the service is idle (docs/DECISIONS.md, "Idle heap"). */
    @Bean
    IdleHeap idleHeap() {
        return IdleHeap.ofThisJvm();
    }

    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    SocketHealthController socketHealth(HealthEndpoint health) {
        return new SocketHealthController(health);
    }

    // Every invocation passes here: counted by the platform's own meters, not observed again per request.
    @Bean
    ObservationPredicate skipInvocationObservations() {
        return InvocationObservation.skipInvocations();
    }
}
