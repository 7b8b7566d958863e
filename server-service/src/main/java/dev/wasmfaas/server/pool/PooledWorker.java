package dev.wasmfaas.server.pool;

import java.time.Instant;

import dev.wasmfaas.common.contract.WorkerState;

/**
 * A worker process as the pool sees it.
 *
 * @param id its id
 * @param position its place in the pool (1..size), 0 for a spare
 * @param pid its process id
 * @param endpoint where it listens
 * @param state its state in the pool
 * @param weight its WEIGHTED share (0 for a spare)
 * @param slots invocations it runs at once
 * @param startedAt when it was spawned
 */
public record PooledWorker(String id, int position, long pid, String endpoint, WorkerState state, int weight,
        int slots, Instant startedAt) {
}
