package dev.wasmfaas.server.autoscale;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The autoscaler as Prometheus sees it: what it asks for, the signal it reads, and what it did. */
@Component
final class AutoscaleMetrics implements MeterBinder {

    private final Autoscaler autoscaler;

    AutoscaleMetrics(Autoscaler autoscaler) {
        this.autoscaler = autoscaler;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("faas.pool.autoscale.desired", autoscaler, a -> a.status().desired())
                .description("Workers the autoscaler's last decision asked for").register(meters);
        Gauge.builder("faas.pool.autoscale.concurrency", autoscaler, a -> a.status().stableConcurrency())
                .tag("window", "stable")
                .description("Invocations running or waiting, on average over the window: the autoscaler's signal")
                .register(meters);
        Gauge.builder("faas.pool.autoscale.concurrency", autoscaler, a -> a.status().panicConcurrency())
                .tag("window", "panic")
                .description("Invocations running or waiting, on average over the window: the autoscaler's signal")
                .register(meters);
        Gauge.builder("faas.pool.autoscale.panic", autoscaler, a -> a.status().panic() ? 1 : 0)
                .description("1 while the autoscaler is in panic (grows on the short window, does not shrink)")
                .register(meters);
        FunctionCounter.builder("faas.pool.autoscale.scalings", autoscaler, Autoscaler::scaleUps)
                .tag("direction", "up").description("Workers added or drained by the autoscaler").register(meters);
        FunctionCounter.builder("faas.pool.autoscale.scalings", autoscaler, Autoscaler::scaleDowns)
                .tag("direction", "down").description("Workers added or drained by the autoscaler").register(meters);
    }
}
