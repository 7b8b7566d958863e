package dev.wasmfaas.balancer.invocation;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.common.http.DirectRoute;
import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneServer;

/**
 * {@code POST /invoke}, the path of every invocation: on the invocation lane beside the balancer's socket,
 * where the server calls it, and ahead of Spring MVC on the servlet container for callers over TCP.
 */
@Configuration(proxyBeanMethods = false)
class InvocationRouteConfiguration {

    @Bean
    FilterRegistrationBean<DirectRoute> invocationRoute(InvocationController controller,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        // Second: the mutual-TLS listener's filter, when there is one, comes first (RemoteWorkerConfiguration).
        return new DirectRoute("POST", "/invoke", controller::invoke, problems).registration(Ordered.HIGHEST_PRECEDENCE + 1);
    }

    @Bean
    @ConditionalOnProperty("faas.balancer.socket")
    LaneServer invocationLane(InvocationController controller, BalancerProperties properties) {
        return InvocationLane.beside(properties.socket(), controller::invoke);
    }
}
