package dev.wasmfaas.balancer.invocation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.tls.PlatformTls;

/**
 * The one client to all workers (invocations and health probes), so keep-alive connections are pooled
 * per worker; a call can be aborted when its worker goes away.
 */
@Configuration(proxyBeanMethods = false)
class WorkerClientConfiguration {

    // With the faas SSL bundle, remote workers (https:// endpoints) are called with mutual TLS.
    @Bean(destroyMethod = "close")
    ChannelHttpClient workerHttpClient(ObjectProvider<SslBundles> bundles) {
        return new ChannelHttpClient("balancer", PlatformTls.context(bundles.getIfAvailable()).orElse(null));
    }
}
