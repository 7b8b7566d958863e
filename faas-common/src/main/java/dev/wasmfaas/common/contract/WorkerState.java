package dev.wasmfaas.common.contract;

/** The life of a worker process, as the server and the balancer see it. */
public enum WorkerState {
    /** Spawned, not answering its health check yet. */
    STARTING,
    /** Takes invocations. */
    READY,
    /** Registered but failing its health checks: out of rotation until it answers again. */
    UNHEALTHY,
    /** Finishing its in-flight invocations; takes no new ones. */
    DRAINING,
    /** Gone. */
    DEAD
}
