package dev.wasmfaas.balancer.invocation;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts invocations by {@link Outcome}; every outcome is registered up front so it reads 0 rather than missing. */
@Component
class InvocationMetrics {

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    InvocationMetrics(MeterRegistry meters) {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, Counter.builder("faas.balancer.invocations")
                    .description("Invocations received by the balancer, by outcome")
                    .tag("outcome", outcome.tag())
                    .register(meters));
        }
    }

    void record(Outcome outcome) {
        counters.get(outcome).increment();
    }
}
