package dev.wasmfaas.common.contract;

import java.time.Instant;

/**
 * A worker as the balancer sees it.
 *
 * @param id worker id
 * @param endpoint where it listens
 * @param pid its process id
 * @param slots concurrent invocations it accepts
 * @param weight its WEIGHTED share
 * @param state its state
 * @param inFlight invocations running on it now
 * @param queued invocations assigned to it and waiting for one of its slots
 * @param completed invocations it answered
 * @param failed invocations that failed on the way to it or in it
 * @param registeredAt when it joined the balancer
 */
public record WorkerStatus(String id, String endpoint, long pid, int slots, int weight, WorkerState state,
        int inFlight, int queued, long completed, long failed, Instant registeredAt) {
}
