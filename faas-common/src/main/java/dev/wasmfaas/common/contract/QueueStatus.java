package dev.wasmfaas.common.contract;

/**
 * The answer of the balancer's {@code GET /queue}: the load of the pool now, which the server samples for its
 * autoscaler, and the version of the balancer's registrations, which tells the server when to compare them
 * with its pool.
 *
 * @param waiting invocations waiting for a slot now, over all lines
 * @param capacity how many may wait ({@code faas.balancer.queue-capacity})
 * @param inFlight invocations running on a worker now, over every registered worker
 * @param readySlots slots of the workers in rotation now
 * @param registrations changes whenever a worker is registered or leaves, and with every start of the
 *        balancer (a lease renewed is no change)
 */
public record QueueStatus(int waiting, int capacity, int inFlight, int readySlots, String registrations) {
}
