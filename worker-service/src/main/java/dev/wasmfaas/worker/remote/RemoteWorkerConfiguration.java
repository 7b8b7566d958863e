package dev.wasmfaas.worker.remote;

import java.nio.file.Path;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.tls.PlatformTls;
import dev.wasmfaas.worker.WorkerProperties;

/** A worker on another host ({@code faas.worker.remote.*}): its client to the balancer and the server, over mutual TLS. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${faas.worker.remote.balancer:}' != '' or '${faas.worker.remote.server:}' != ''")
class RemoteWorkerConfiguration {

    @Bean(destroyMethod = "close")
    ChannelHttpClient remoteHttpClient(ObjectProvider<SslBundles> bundles) {
        return new ChannelHttpClient("remote", PlatformTls.required(bundles.getIfAvailable(), "faas.worker.remote")
                .createSslContext());
    }

    @Bean
    @ConditionalOnProperty("faas.worker.remote.balancer")
    BalancerRegistration balancerRegistration(ChannelHttpClient remoteHttpClient, WorkerProperties properties,
            JsonMapper json) {
        WorkerProperties.Remote remote = properties.remote();
        WorkerRegistration registration = new WorkerRegistration(properties.id(), remote.advertise(),
                ProcessHandle.current().pid(), remote.slots(), remote.weight(), remote.lease().toMillis());
        return new BalancerRegistration(remoteHttpClient, Endpoint.parse(remote.balancer()), registration, json);
    }

    @Bean
    @ConditionalOnProperty("faas.worker.remote.server")
    FetchedArtifacts fetchedArtifacts(ChannelHttpClient remoteHttpClient, WorkerProperties properties) {
        WorkerProperties.Remote remote = properties.remote();
        Path dir = remote.moduleDir() != null ? remote.moduleDir()
                : Path.of(System.getProperty("java.io.tmpdir"), "faas-" + properties.id() + "-modules");
        return new FetchedArtifacts(new ModuleDisk(dir, remote.moduleDirMb() * 1024L * 1024L),
                new ModuleSource(remoteHttpClient, Endpoint.parse(remote.server())));
    }
}
