package dev.wasmfaas.server.system;

import java.time.Duration;
import java.time.Instant;

import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.server.cgroup.WorkerCgroupView;
import dev.wasmfaas.server.pool.PooledWorker;

/**
 * One worker in {@code GET /system/workers}: the pool's view of the process joined with the
 * balancer's view of its load.
 *
 * @param id worker id
 * @param position its place in the pool, 0 for a spare
 * @param spare whether it waits in reserve
 * @param pid process id
 * @param endpoint where it listens
 * @param weight WEIGHTED share
 * @param slots invocations it runs at once
 * @param state starting, ready, unhealthy, draining or dead
 * @param inFlight invocations running on it
 * @param queued invocations waiting for one of its slots
 * @param completed invocations it answered
 * @param failed invocations that failed on the way to it or in it
 * @param uptimeSeconds time since it was spawned
 * @param cgroup its control group and those of its script sandboxes, with limits and usage; null without cgroups
 */
record WorkerView(String id, int position, boolean spare, long pid, String endpoint, int weight, int slots,
        String state, int inFlight, int queued, long completed, long failed, long uptimeSeconds, WorkerCgroupView cgroup) {

    static WorkerView of(PooledWorker worker, WorkerStatus balanced, Instant now, WorkerCgroupView cgroup) {
        WorkerState state = balanced != null && balanced.state() != WorkerState.READY ? balanced.state() : worker.state();
        long uptime = Duration.between(worker.startedAt(), now).toSeconds();
        if (balanced == null) {
            return new WorkerView(worker.id(), worker.position(), worker.position() == 0, worker.pid(),
                    worker.endpoint(), worker.weight(), worker.slots(), lower(state), 0, 0, 0, 0, uptime, cgroup);
        }
        return new WorkerView(worker.id(), worker.position(), false, worker.pid(), worker.endpoint(), balanced.weight(),
                balanced.slots(), lower(state), balanced.inFlight(), balanced.queued(), balanced.completed(),
                balanced.failed(), uptime, cgroup);
    }

    private static String lower(WorkerState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
