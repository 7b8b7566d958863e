package dev.wasmfaas.balancer.registry;

/** A call running on a worker, which the balancer can fail at once when the worker goes away. */
@FunctionalInterface
public interface InFlightCall {

    void abort(Throwable cause);
}
