package dev.wasmfaas.balancer.invocation;

import java.util.Locale;

/** How a forwarded invocation ended, as counted in {@code faas.balancer.invocations}. */
enum Outcome {
    /** The worker answered a result (whatever the function did). */
    OK,
    /** The worker answered an error status, relayed as is. */
    WORKER_ERROR,
    /** The connection to the worker could not be made or broke. */
    WORKER_LOST,
    /** The worker did not answer within {@code faas.balancer.worker-timeout}. */
    TIMEOUT,
    /** No worker was ready. */
    NO_WORKER,
    /** Anything else, such as an unreadable answer. */
    ERROR;

    String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
