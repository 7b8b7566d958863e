package dev.wasmfaas.server.config;

import java.time.Duration;
import java.util.Map;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.common.http.UnixSocketConnector;
import dev.wasmfaas.common.management.InvocationObservation;
import dev.wasmfaas.common.management.IdleHeap;
import dev.wasmfaas.common.management.ScrapeTargetPublisher;
import dev.wasmfaas.common.management.SocketHealthController;

/**
 * Listening on the server's socket and the shared client for the balancer; with actuator on its own management
 * port, health on the socket too and the port published as a Prometheus scrape target.
 */
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

    @Bean
    ScrapeTargetPublisher scrapeTarget(Environment environment) {
        return ScrapeTargetPublisher.of(environment, "server", Map.of("service", "server"));
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

    // Every invocation passes here: the gateway observes the time clients saw, and faas.* meters count the rest.
    @Bean
    ObservationPredicate skipInvocationObservations() {
        return InvocationObservation.skipInvocations();
    }
}
