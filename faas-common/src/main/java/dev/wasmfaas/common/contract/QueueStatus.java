package dev.wasmfaas.common.contract;

/**
 * The answer of the balancer's {@code GET /queue}: the load of the pool now, which the server's
 * autoscaler samples.
 *
 * @param waiting invocations waiting for a slot now, over all lines
 * @param capacity how many may wait ({@code faas.balancer.queue-capacity})
 * @param inFlight invocations running on a worker now, over every registered worker
 * @param readySlots slots of the workers in rotation now
 */
public record QueueStatus(int waiting, int capacity, int inFlight, int readySlots) {
}
