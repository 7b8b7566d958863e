package dev.wasmfaas.server.invocation;

import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.wasmfaas.common.http.DirectRoute;

/**
 * {@code POST /invoke}, the path of every invocation, served ahead of Spring MVC by its controller, after
 * the body has been read within its limit. A request that does not accept JSON goes to Spring MVC, which
 * refuses it as before.
 */
@Configuration(proxyBeanMethods = false)
class InvocationRouteConfiguration {

    @Bean
    FilterRegistrationBean<DirectRoute> invocationRoute(InvocationController controller,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        // Right after the raw body filter (the highest precedence), which enforces the payload limit.
        return new DirectRoute("POST", "/invoke", InvocationRouteConfiguration::acceptsJson, controller::invoke,
                problems).registration(Ordered.HIGHEST_PRECEDENCE + 1);
    }

    static boolean acceptsJson(HttpServletRequest request) {
        String accept = String.join(",", Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        if (accept.isBlank()) {
            return true;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.includes(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
