package dev.wasmfaas.server.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.wasmfaas.common.http.ProblemErrorPages;
import dev.wasmfaas.common.http.RawBodyFilter;

/** Reads request bodies raw before anything could parse them as forms. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    // The gateway enforces the public limits; this one only protects the server itself.
    private static final long MAX_BODY = 64L * 1024 * 1024;

    // Errors Tomcat answers itself (a path it cannot decode, a TRACE) are problem details too, not HTML.
    @Bean
    ProblemErrorPages problemErrorPages() {
        return new ProblemErrorPages();
    }

    @Bean
    FilterRegistrationBean<RawBodyFilter> rawBodyFilter() {
        FilterRegistrationBean<RawBodyFilter> registration = new FilterRegistrationBean<>(
                new RawBodyFilter(request -> MAX_BODY));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
