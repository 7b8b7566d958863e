package dev.wasmfaas.worker.invocation;

import dev.wasmfaas.worker.remote.FetchedArtifacts;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import dev.wasmfaas.worker.runtime.HtmlRuntime;
import dev.wasmfaas.worker.sandbox.SandboxRuntime;
import dev.wasmfaas.worker.wasm.WasmtimeRuntime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The runtime the controller uses: one router over the runtimes of every language. */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    @Bean
    HtmlRuntime htmlRuntime() {
        return new HtmlRuntime();
    }

    @Bean
    @Primary
    FunctionRuntime functionRuntime(WasmtimeRuntime wasmtimeRuntime, SandboxRuntime sandboxRuntime,
            HtmlRuntime htmlRuntime, ObjectProvider<FetchedArtifacts> fetched) {
        FunctionRuntime router = new RuntimeRouter(wasmtimeRuntime, sandboxRuntime, htmlRuntime);
        // A remote worker runs its own copy of each artifact, fetched from the server by digest.
        FetchedArtifacts remote = fetched.getIfAvailable();
        return remote == null ? router : remote.around(router);
    }
}
