package dev.wasmfaas.worker.invocation;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The worker's invocation meters, registered once per tag set and then only updated: looking a meter
 * up by its tags on every call costs more than the call's own bookkeeping.
 */
@Component
class WorkerMetrics {

    private final MeterRegistry meters;
    // By status and cold start; filled as they happen (registering twice gives the same meter).
    private final Timer[] runs = new Timer[InvocationStatus.values().length * 2];
    private final Map<String, Counter> coldStarts = new ConcurrentHashMap<>();

    WorkerMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void record(InvocationRequest request, InvocationResult result, long nanos) {
        runTimer(result.status(), result.coldStart()).record(nanos, TimeUnit.NANOSECONDS);
        if (result.coldStart()) {
            // OpenTelemetry's faas.coldstarts: this worker loaded the function's module for this call.
            String function = request.name() == null ? "" : request.name();
            coldStarts.computeIfAbsent(function, name -> meters.counter("faas.coldstarts", "function", name))
                    .increment();
        }
    }

    private Timer runTimer(InvocationStatus status, boolean cold) {
        int index = status.ordinal() * 2 + (cold ? 1 : 0);
        Timer timer = runs[index];
        if (timer == null) {
            timer = Timer.builder("faas.worker.invocations")
                    .description("invocations run by this worker, by how they ended")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .tag("cold", Boolean.toString(cold))
                    .register(meters);
            runs[index] = timer;
        }
        return timer;
    }
}
