package dev.wasmfaas.balancer.invocation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.common.http.ChannelHttpClient;

/**
 * The one client to all workers (invocations and health probes), so keep-alive connections are pooled
 * per worker; a call can be aborted when its worker goes away.
 */
@Configuration(proxyBeanMethods = false)
class WorkerClientConfiguration {

    @Bean(destroyMethod = "close")
    ChannelHttpClient workerHttpClient() {
        return new ChannelHttpClient("balancer");
    }
}
