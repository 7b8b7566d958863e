package dev.wasmfaas.balancer.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code faas.balancer.worker.inflight{worker}} for each registered worker id. The gauge
 * reads through the registry, so a replacement process under the same id keeps the same series.
 */
@Component
public class WorkerInFlightGauges {

    private final MeterRegistry meters;
    private final WorkerRegistry registry;
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    public WorkerInFlightGauges(MeterRegistry meters, WorkerRegistry registry) {
        this.meters = meters;
        this.registry = registry;
    }

    public void added(String workerId) {
        gauges.computeIfAbsent(workerId, id -> Gauge
                .builder("faas.balancer.worker.inflight", registry,
                        workers -> workers.find(id).map(Worker::inFlight).orElse(0))
                .description("Invocations running on the worker now")
                .tag("worker", id)
                .register(meters));
    }

    public void removed(String workerId) {
        Gauge gauge = gauges.remove(workerId);
        if (gauge != null) {
            meters.remove(gauge);
        }
    }
}
