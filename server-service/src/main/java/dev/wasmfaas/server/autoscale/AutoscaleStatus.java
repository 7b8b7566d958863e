package dev.wasmfaas.server.autoscale;

/**
 * The autoscaler in {@code GET /system/workers}.
 *
 * @param enabled whether the pool may grow past its size
 * @param min the fewest workers ({@code faas.server.pool.size})
 * @param max the most workers ({@code faas.server.pool.autoscale.max})
 * @param desired the workers its last decision asked for
 * @param panic whether it is in panic (grows on the short window, does not shrink)
 * @param stableConcurrency invocations running or waiting, on average over the stable window
 * @param panicConcurrency the same over the panic window
 * @param targetPerWorker what one worker should carry: its slots times the target utilization
 * @param scaleUps workers added since the server started
 * @param scaleDowns workers drained and stopped since the server started
 * @param filling positions being filled now
 * @param draining workers draining now
 * @param lastScaling its last change of the pool's size, null before the first
 */
public record AutoscaleStatus(boolean enabled, int min, int max, int desired, boolean panic, double stableConcurrency,
        double panicConcurrency, double targetPerWorker, long scaleUps, long scaleDowns, int filling, int draining,
        Autoscaler.Scaling lastScaling) {
}
