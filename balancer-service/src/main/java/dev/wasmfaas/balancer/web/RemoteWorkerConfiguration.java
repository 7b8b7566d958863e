package dev.wasmfaas.balancer.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.common.tls.PlatformTls;
import dev.wasmfaas.common.tls.TlsConnector;
import dev.wasmfaas.common.tls.TlsRoutes;

/**
 * The mutual-TLS listener of remote workers ({@code faas.balancer.tls.port}): a second connector with the
 * {@code faas} SSL bundle, serving {@code PUT}/{@code DELETE /workers/{id}} alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("${faas.balancer.tls.port:0} > 0")
class RemoteWorkerConfiguration {

    @Bean
    TlsConnector remoteWorkerListener(BalancerProperties properties, ObjectProvider<SslBundles> bundles) {
        return new TlsConnector(properties.tls().address(), properties.tls().port(),
                PlatformTls.required(bundles.getIfAvailable(), "faas.balancer.tls.port"));
    }

    @Bean
    FilterRegistrationBean<TlsRoutes> remoteWorkerRoutes() {
        FilterRegistrationBean<TlsRoutes> registration = new FilterRegistrationBean<>(new TlsRoutes(
                (method, path) -> ("PUT".equals(method) || "DELETE".equals(method))
                        && path.matches("/workers/[^/]+"), false));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
