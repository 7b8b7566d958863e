package dev.wasmfaas.server.pool;

import dev.wasmfaas.common.contract.QueueStatus;

/** Takes each sample of the balancer's load, every tick, on the thread that samples. */
public interface LoadListener {

    void sampled(QueueStatus load);
}
