package dev.wasmfaas.balancer.scheduling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Publishes {@code faas.balancer.queue.depth}: at {@code faas.balancer.queue-capacity}, arrivals get 429. */
@Component
class QueueDepthGauge implements MeterBinder {

    private final SlotScheduler scheduler;

    QueueDepthGauge(SlotScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("faas.balancer.queue.depth", scheduler, SlotScheduler::waiting)
                .description("Invocations waiting for a worker slot, over all workers")
                .register(meters);
    }
}
