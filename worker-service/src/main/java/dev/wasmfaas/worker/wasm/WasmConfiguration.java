package dev.wasmfaas.worker.wasm;

import dev.wasmfaas.worker.WorkerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The worker's one Wasmtime runtime, closed with the application context. */
@Configuration(proxyBeanMethods = false)
class WasmConfiguration {

    @Bean(destroyMethod = "close")
    WasmtimeRuntime wasmtimeRuntime(WorkerProperties properties) {
        return new WasmtimeRuntime(properties.moduleCacheSize(), properties.epochTick());
    }

    @Bean
    MeterBinder moduleCacheMetrics(WasmtimeRuntime runtime) {
        return registry -> Gauge.builder("faas.worker.modules.cached", runtime, WasmtimeRuntime::cachedModules)
                .description("compiled WebAssembly modules held in the worker's cache")
                .register(registry);
    }
}
