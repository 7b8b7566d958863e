package dev.wasmfaas.server.invocation;

import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.wasmfaas.common.http.DirectRoute;
import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneServer;
import dev.wasmfaas.server.config.ServerProperties;

/**
 * {@code POST /invoke}, the path of every invocation: on the invocation lane beside the server's socket,
 * where the gateway sends it, and on the servlet container ahead of Spring MVC, after the body has been
 * read within its limit. A request that does not accept JSON goes to Spring MVC, which refuses it.
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

    @Bean
    @ConditionalOnProperty("faas.server.socket")
    LaneServer invocationLane(InvocationController controller, ServerProperties properties) {
        return InvocationLane.beside(properties.socket(), controller::invoke);
    }

    static boolean acceptsJson(HttpServletRequest request) {
        return InvocationLane.acceptsJson(String.join(",", Collections.list(request.getHeaders(HttpHeaders.ACCEPT))));
    }
}
