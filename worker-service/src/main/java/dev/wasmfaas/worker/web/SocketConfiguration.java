package dev.wasmfaas.worker.web;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.wasmfaas.common.http.UnixSocketConnector;
import dev.wasmfaas.common.management.InvocationObservation;
import dev.wasmfaas.common.management.ScrapeTargetPublisher;
import dev.wasmfaas.common.management.SocketHealthController;
import dev.wasmfaas.worker.WorkerProperties;

/**
 * Moves Tomcat's connector onto the worker's UNIX-domain socket when {@code faas.worker.socket} is set. With
 * actuator on its own management port, health stays on the socket (the balancer and the pool probe it there)
 * and the port is published as a Prometheus scrape target.
 */
@Configuration(proxyBeanMethods = false)
class SocketConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SocketConfiguration.class);

    @Bean
    @ConditionalOnProperty("faas.worker.socket")
    TomcatConnectorCustomizer unixSocketConnector(WorkerProperties properties) {
        // Tomcat reports port -1 for a socket connector, so say where the worker really listens.
        log.info("{} listens on unix:{}", properties.id(), properties.socket().toAbsolutePath());
        return new UnixSocketConnector(properties.socket());
    }

    @Bean
    ScrapeTargetPublisher scrapeTarget(Environment environment, WorkerProperties properties) {
        return ScrapeTargetPublisher.of(environment, properties.id(), Map.of("service", "worker", "worker", properties.id()));
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
