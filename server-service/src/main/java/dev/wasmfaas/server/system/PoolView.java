package dev.wasmfaas.server.system;

import java.util.List;

import dev.wasmfaas.server.autoscale.AutoscaleStatus;
import dev.wasmfaas.server.cgroup.CgroupStatus;

/**
 * The answer of {@code GET /system/workers}.
 *
 * @param strategy the balancing strategy in force
 * @param size the number of positions in the pool now (filled or being filled)
 * @param restarts how many workers were replaced since the server started
 * @param queued invocations waiting for a slot, over all workers and the shared FIFO line
 * @param queueCapacity how many may wait before new ones get 429
 * @param cgroups whether workers and script sandboxes run in control groups, with which limits, or why not
 * @param workers every worker process, registered ones first, then the spares
 * @param autoscaling what the autoscaler sees and did
 */
record PoolView(String strategy, int size, int restarts, int queued, int queueCapacity, CgroupStatus cgroups,
        List<WorkerView> workers, AutoscaleStatus autoscaling) {
}
