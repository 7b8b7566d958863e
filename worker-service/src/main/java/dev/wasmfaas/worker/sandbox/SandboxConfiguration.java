package dev.wasmfaas.worker.sandbox;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.worker.WorkerProperties;

/**
 * The runtime of script functions; it looks for bubblewrap and the interpreters at each invocation, and isolates
 * each sandbox as far as {@code faas.worker.isolation} allows.
 */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean
    SandboxRuntime sandboxRuntime(WorkerProperties properties, IsolationProperties isolation,
            ObjectProvider<MeterRegistry> meters) {
        return SandboxRuntime.isolated(properties.sandbox(), isolation, properties.id(), meters.getIfAvailable());
    }
}
