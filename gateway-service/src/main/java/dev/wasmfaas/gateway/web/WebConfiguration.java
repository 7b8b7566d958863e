package dev.wasmfaas.gateway.web;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.wasmfaas.common.http.ProblemErrorPages;
import dev.wasmfaas.common.http.RawBodyFilter;
import dev.wasmfaas.common.management.IdleHeap;
import dev.wasmfaas.common.management.ScrapeTargetPublisher;
import dev.wasmfaas.common.management.SocketHealthController;
import dev.wasmfaas.gateway.auth.ApiKeyFilter;
import dev.wasmfaas.gateway.auth.ApiKeys;
import dev.wasmfaas.gateway.config.GatewayProperties;
import dev.wasmfaas.gateway.validation.PublicRequestFilter;
import dev.wasmfaas.gateway.validation.PublicRequestRules;

/**
 * The filters in front of the flow: the API key first (so a refused upload is never read), then
 * raw bodies with their size limits, then the public rules.
 * With actuator on its own management port, {@code /actuator/health} stays on the public port for load
 * balancers, and the management port is published as a Prometheus scrape target.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    // Errors Tomcat answers itself (a path it cannot decode, a TRACE) are problem details too, not HTML.
    @Bean
    ProblemErrorPages problemErrorPages() {
        return new ProblemErrorPages();
    }

    @Bean
    PublicRequestRules publicRequestRules(GatewayProperties properties) {
        return new PublicRequestRules(properties);
    }

    @Bean
    ApiKeys apiKeys(GatewayProperties properties) {
        return new ApiKeys(properties.auth());
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        FilterRegistrationBean<ApiKeyFilter> registration = new FilterRegistrationBean<>(
                new ApiKeyFilter(keys, resolver));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RawBodyFilter> rawBodyFilter(PublicRequestRules rules) {
        FilterRegistrationBean<RawBodyFilter> registration = new FilterRegistrationBean<>(
                new RawBodyFilter(rules::bodyLimit));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PublicRequestFilter> publicRequestFilter(PublicRequestRules rules,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        FilterRegistrationBean<PublicRequestFilter> registration = new FilterRegistrationBean<>(
                new PublicRequestFilter(rules, resolver));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    // A client that asks before it sends a body (Expect: 100-continue, as curl does above 1 MiB) hears a 401 or a
    // 413 before it sends 32 MiB: Tomcat answers 100 only when the body is first read, after the checks.
    @Bean
    TomcatConnectorCustomizer continueWhenTheBodyIsRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }

    @Bean
    ScrapeTargetPublisher scrapeTarget(Environment environment) {
        return ScrapeTargetPublisher.of(environment, "gateway", Map.of("service", "gateway"));
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
}
