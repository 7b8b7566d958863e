package dev.wasmfaas.worker.sandbox;

import dev.wasmfaas.worker.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The runtime of script functions; it looks for bubblewrap and the interpreters at each invocation. */
@Configuration(proxyBeanMethods = false)
class SandboxConfiguration {

    @Bean
    SandboxRuntime sandboxRuntime(WorkerProperties properties) {
        return new SandboxRuntime(properties.sandbox());
    }
}
