package dev.wasmfaas.server.pool;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.WorkerState;

/** The pool as Prometheus sees it: workers in rotation, spares in reserve, and replacements of dead workers. */
@Component
final class PoolMetrics implements MeterBinder {

    private final WorkerPool pool;

    PoolMetrics(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("faas.pool.size", pool, p -> count(p, false))
                .description("Worker processes registered with the balancer and alive").register(meters);
        Gauge.builder("faas.pool.spares", pool, p -> count(p, true))
                .description("Started worker processes kept in reserve").register(meters);
        FunctionCounter.builder("faas.pool.restarts", pool, WorkerPool::restarts)
                .description("Registered workers that died and were replaced").register(meters);
    }

    private static long count(WorkerPool pool, boolean spares) {
        return pool.workers().stream()
                .filter(w -> (w.position() == 0) == spares && w.state() != WorkerState.DEAD).count();
    }
}
