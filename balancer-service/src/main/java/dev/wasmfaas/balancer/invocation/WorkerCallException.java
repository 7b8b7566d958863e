package dev.wasmfaas.balancer.invocation;

import dev.wasmfaas.balancer.registry.Worker;

/**
 * A call to a worker failed below HTTP. {@code delivered} says whether the request had been sent
 * when it failed: one that was not never ran, so it may run on another worker.
 */
class WorkerCallException extends RuntimeException {

    private final transient Worker worker;
    private final boolean delivered;

    WorkerCallException(Worker worker, boolean delivered, Throwable cause) {
        super("call to worker " + worker.id() + " failed " + (delivered ? "after" : "before") + " it was sent",
                cause);
        this.worker = worker;
        this.delivered = delivered;
    }

    Worker worker() {
        return worker;
    }

    boolean delivered() {
        return delivered;
    }
}
