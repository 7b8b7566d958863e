package dev.wasmfaas.balancer.invocation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.common.http.SocketHttpClient;

/**
 * The one Jetty client to all workers (invocations and health probes), so keep-alive connections
 * are pooled per worker. Jetty is used directly so a call can be aborted when its worker goes away.
 */
@Configuration(proxyBeanMethods = false)
class WorkerClientConfiguration {

    private static final long CONNECT_TIMEOUT_MS = 5_000;

    @Bean(destroyMethod = "stop")
    SocketHttpClient workerHttpClient() throws Exception {
        SocketHttpClient client = new SocketHttpClient("balancer");
        client.setConnectTimeout(CONNECT_TIMEOUT_MS);
        client.start();
        return client;
    }
}
