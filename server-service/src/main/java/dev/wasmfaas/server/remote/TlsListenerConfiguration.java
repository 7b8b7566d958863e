package dev.wasmfaas.server.remote;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.wasmfaas.common.tls.PlatformTls;
import dev.wasmfaas.common.tls.TlsConnector;
import dev.wasmfaas.common.tls.TlsRoutes;

/** The server's mutual-TLS listener ({@code faas.server.tls.port}): {@code GET /modules/{sha256}} alone. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TlsListenerProperties.class)
class TlsListenerConfiguration {

    @Bean
    @ConditionalOnExpression("${faas.server.tls.port:0} > 0")
    TlsConnector remoteWorkerListener(TlsListenerProperties properties, ObjectProvider<SslBundles> bundles) {
        return new TlsConnector(properties.address(), properties.port(),
                PlatformTls.required(bundles.getIfAvailable(), "faas.server.tls.port"));
    }

    // Before the invocation route and everything else: on the TLS listener only the modules' route exists.
    @Bean
    @ConditionalOnExpression("${faas.server.tls.port:0} > 0")
    FilterRegistrationBean<TlsRoutes> remoteWorkerRoutes() {
        FilterRegistrationBean<TlsRoutes> registration = new FilterRegistrationBean<>(new TlsRoutes(
                (method, path) -> "GET".equals(method) && path.startsWith("/modules/"), true));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
