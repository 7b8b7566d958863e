package dev.wasmfaas.balancer.scheduling;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

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

    /**
     * The answer of {@code GET /queue}.
     *
     * @param waiting invocations waiting for a slot now
     * @param capacity how many may wait ({@code faas.balancer.queue-capacity})
     */
    record QueueStatus(int waiting, int capacity) {
    }
}
