package dev.wasmfaas.balancer.invocation;

import java.util.Locale;

/** How an invocation ended, as counted in {@code faas.balancer.invocations}. */
enum Outcome {
    /** The worker answered a result (whatever the function did). */
    OK,
    /** The worker answered an error status, relayed as is. */
    WORKER_ERROR,
    /** The worker died, was removed, or its connection broke during the call. */
    WORKER_LOST,
    /** The worker did not answer within {@code faas.balancer.worker-timeout}. */
    TIMEOUT,
    /** No worker was ready. */
    NO_WORKER,
    /** Every waiting place was taken: answered 429 at once. */
    QUEUE_FULL,
    /** Anything else, such as an unreadable answer. */
    ERROR;

    String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
