package dev.wasmfaas.balancer.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Publishes {@code faas.balancer.workers.ready}: zero means every invocation is answered 503. */
@Component
class ReadyWorkersGauge implements MeterBinder {

    private final WorkerRegistry registry;

    ReadyWorkersGauge(WorkerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("faas.balancer.workers.ready", registry, WorkerRegistry::readyCount)
                .description("Workers in rotation")
                .register(meters);
    }
}
