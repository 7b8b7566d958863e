package dev.wasmfaas.balancer.scheduling;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.QueueStatus;

/**
 * How many invocations wait, over all lines. Under FIFO they wait in the shared line, which no
 * worker's {@code queued} counts, so the pool's total is read here rather than summed per worker.
 */
@RestController
class QueueController {

    private final SlotScheduler scheduler;

    QueueController(SlotScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @GetMapping("/queue")
    QueueStatus queue() {
        return new QueueStatus(scheduler.waiting(), scheduler.capacity());
    }

}
