package dev.wasmfaas.balancer.invocation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.common.http.ServiceClients;

/** The one HTTP client to all workers, so keep-alive connections are pooled per worker across invocations. */
@Configuration(proxyBeanMethods = false)
class WorkerClientConfiguration {

    @Bean
    ServiceClients serviceClients(BalancerProperties properties) {
        return new ServiceClients("balancer", properties.workerTimeout());
    }
}
