package dev.wasmfaas.balancer.registry;

/** Why a call was aborted: its worker was removed (its process ended) while the call ran. */
public class WorkerRemovedException extends RuntimeException {

    public WorkerRemovedException(String workerId) {
        super("worker " + workerId + " was removed");
    }
}
