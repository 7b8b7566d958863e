package dev.wasmfaas.worker.web;

import dev.wasmfaas.common.http.UnixSocketConnector;
import dev.wasmfaas.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Moves Tomcat's connector onto the worker's UNIX-domain socket when {@code faas.worker.socket} is set. */
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
}
