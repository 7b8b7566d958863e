package dev.wasmfaas.worker.invocation;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.wasmfaas.common.http.DirectRoute;

/** {@code POST /invoke}, the path of every invocation, served ahead of Spring MVC by its controller. */
@Configuration(proxyBeanMethods = false)
class InvocationRouteConfiguration {

    @Bean
    FilterRegistrationBean<DirectRoute> invocationRoute(InvocationController controller,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        return new DirectRoute("POST", "/invoke", controller::invoke, problems).registration(Ordered.HIGHEST_PRECEDENCE);
    }
}
