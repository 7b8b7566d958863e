package dev.wasmfaas.worker.invocation;

import java.net.InetSocketAddress;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.wasmfaas.common.http.DirectRoute;
import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneAnswer;
import dev.wasmfaas.common.lane.LaneServer;
import dev.wasmfaas.common.tls.PlatformTls;
import dev.wasmfaas.worker.WorkerProperties;

/**
 * {@code POST /invoke}, the path of every invocation: on the invocation lane beside the worker's socket,
 * where the balancer calls it, and ahead of Spring MVC on the servlet container for callers over TCP. The
 * lane also answers the balancer's health probe, from the worker's liveness and readiness.
 */
@Configuration(proxyBeanMethods = false)
class InvocationRouteConfiguration {

    @Bean
    FilterRegistrationBean<DirectRoute> invocationRoute(InvocationController controller,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        return new DirectRoute("POST", "/invoke", controller::invoke, problems).registration(Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    @ConditionalOnProperty("faas.worker.socket")
    LaneServer invocationLane(InvocationController controller, WorkerProperties properties,
            ApplicationAvailability availability) {
        return InvocationLane.beside(properties.socket(), controller::invoke)
                .withProbe(request -> health(availability));
    }

    /** The same lane on a TCP port with mutual TLS, for a balancer on another host. */
    @Bean
    @ConditionalOnExpression("${faas.worker.tcp.port:0} > 0")
    LaneServer remoteInvocationLane(InvocationController controller, WorkerProperties properties,
            ApplicationAvailability availability, ObjectProvider<SslBundles> bundles) {
        SslBundle bundle = PlatformTls.required(bundles.getIfAvailable(), "faas.worker.tcp.port");
        return InvocationLane.overTls(new InetSocketAddress(properties.tcp().address(), properties.tcp().port()),
                bundle.createSslContext(), controller::invoke).withProbe(request -> health(availability));
    }

    private static LaneAnswer health(ApplicationAvailability availability) {
        return InvocationLane.health(availability.getLivenessState() == LivenessState.CORRECT
                && availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
    }
}
