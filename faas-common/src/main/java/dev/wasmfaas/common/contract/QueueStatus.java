package dev.wasmfaas.common.contract;

/**
 * The answer of the balancer's {@code GET /queue}.
 *
 * @param waiting invocations waiting for a slot now, over all lines
 * @param capacity how many may wait ({@code faas.balancer.queue-capacity})
 */
public record QueueStatus(int waiting, int capacity) {
}
