package dev.wasmfaas.server.pool;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.server.invocation.BalancerClient;

/** Takes a worker out of rotation at the balancer and waits until none of its calls is in flight. */
final class WorkerDrain {

    private static final Logger log = LoggerFactory.getLogger(WorkerDrain.class);
    private static final long POLL_MILLIS = 50;

    private final BalancerClient balancer;

    WorkerDrain(BalancerClient balancer) {
        this.balancer = balancer;
    }

    /** @return whether it drained within the timeout (a balancer that cannot be asked counts as no) */
    boolean drain(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            balancer.drain(id);
            while (System.nanoTime() < deadline) {
                Optional<WorkerStatus> status = balancer.workers().stream().filter(w -> w.id().equals(id)).findFirst();
                if (status.isEmpty() || status.get().inFlight() == 0) {
                    return true;
                }
                Thread.sleep(POLL_MILLIS);
            }
            log.warn("{} still has calls in flight after the drain timeout ({}): they end with it", id, timeout);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            log.warn("cannot drain {}: {}", id, ex.getMessage());
        }
        return false;
    }
}
