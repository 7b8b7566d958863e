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
        WorkerProperties.Stores stores = properties.stores();
        return new WasmtimeRuntime(new WasmtimeRuntime.Settings(properties.moduleCacheSize(), properties.epochTick(),
                properties.compileCache(), stores.idle(), stores.runs(), (long) stores.memoryMb() << 20));
    }

    @Bean
    MeterBinder moduleCacheMetrics(WasmtimeRuntime runtime) {
        return registry -> Gauge.builder("faas.worker.modules.cached", runtime, WasmtimeRuntime::cachedModules)
                .description("compiled WebAssembly modules held in the worker's cache")
                .register(registry);
    }

    @Bean
    MeterBinder warmStoreMetrics(WasmtimeRuntime runtime) {
        return registry -> Gauge.builder("faas.worker.stores.idle", runtime, WasmtimeRuntime::idleStores)
                .description("function stores kept warm between runs")
                .register(registry);
    }
}
