package dev.wasmfaas.balancer.scheduling;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.common.contract.QueueStatus;

/**
 * How many invocations wait, over all lines, and how many run. Under FIFO they wait in the shared
 * line, which no worker's {@code queued} counts, so the pool's total is read here rather than summed
 * per worker. The server samples this for its autoscaler, and to know when the registrations changed.
 */
@RestController
class QueueController {

    private final SlotScheduler scheduler;
    private final WorkerRegistry registry;

    QueueController(SlotScheduler scheduler, WorkerRegistry registry) {
        this.scheduler = scheduler;
        this.registry = registry;
    }

    @GetMapping("/queue")
    QueueStatus queue() {
        int inFlight = 0;
        int readySlots = 0;
        for (Worker worker : registry.all()) {
            inFlight += worker.inFlight();
            readySlots += worker.isReady() ? worker.slots() : 0;
        }
        return new QueueStatus(scheduler.waiting(), scheduler.capacity(), inFlight, readySlots, registry.version());
    }

}
