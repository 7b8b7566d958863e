package dev.wasmfaas.common.contract;

/** The life of a worker process. */
public enum WorkerState {
    STARTING, READY, DRAINING, DEAD
}
