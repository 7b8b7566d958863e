package dev.wasmfaas.balancer.invocation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.scheduling.SlotScheduler;
import dev.wasmfaas.balancer.scheduling.Ticket;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.Problems;
import dev.wasmfaas.common.error.RemoteProblemException;

/**
 * Runs one invocation: admission by the scheduler, a wait for a slot (the request thread parks),
 * the call to the granted worker, and the slot's release. Keeps the outcome metrics.
 */
@Service
class InvocationDispatcher {

    private static final Logger log = LoggerFactory.getLogger(InvocationDispatcher.class);

    // Each failed delivery takes a worker out of rotation; this only bounds workers re-registering meanwhile.
    private static final int MAX_DELIVERIES = 5;

    private final SlotScheduler scheduler;
    private final WorkerClient client;
    private final InvocationMetrics metrics;

    InvocationDispatcher(SlotScheduler scheduler, WorkerClient client, InvocationMetrics metrics) {
        this.scheduler = scheduler;
        this.client = client;
        this.metrics = metrics;
    }

    WorkerAnswer dispatch(Forwarded request) {
        Ticket ticket = admit();
        for (int delivery = 1;; delivery++) {
            Worker worker = awaitWorker(ticket);
            try {
                WorkerAnswer result = client.invoke(worker, request);
                scheduler.release(worker, true);
                metrics.record(Outcome.OK);
                return result;
            } catch (WorkerCallException ex) {
                if (!ex.delivered() && delivery < MAX_DELIVERIES) {
                    log.debug("invocation {} never reached worker {}: placed again", request.activationId(),
                            worker.id());
                    scheduler.redeliver(ticket, worker);
                    continue;
                }
                // Before the slot is freed: the next call in its line must not get it, and a kept-alive connection
                // to a dying process can still take a request and break under it.
                TransportFailure failure = TransportFailure.of(ex);
                if (failure.takesWorkerOutOfRotation()) {
                    scheduler.takeOutOfRotation(worker, failure.reason());
                }
                scheduler.release(worker, false);
                throw failure(worker, ex);
            } catch (RuntimeException ex) {
                scheduler.release(worker, false);
                throw failure(worker, ex);
            }
        }
    }

    private Ticket admit() {
        try {
            return scheduler.admit();
        } catch (FaasException ex) {
            metrics.record(ex.kind() == ErrorKind.QUEUE_FULL ? Outcome.QUEUE_FULL : Outcome.NO_WORKER);
            throw ex;
        }
    }

    private Worker awaitWorker(Ticket ticket) {
        try {
            return ticket.awaitWorker();
        } catch (InterruptedException ex) {
            scheduler.withdraw(ticket);
            Thread.currentThread().interrupt();
            metrics.record(Outcome.ERROR);
            throw new FaasException(ErrorKind.SHUTTING_DOWN, "the balancer stopped while the invocation waited");
        } catch (FaasException ex) {
            metrics.record(ex.kind() == ErrorKind.NO_WORKER ? Outcome.NO_WORKER : Outcome.ERROR);
            throw ex;
        }
    }

    private RuntimeException failure(Worker worker, RuntimeException ex) {
        return switch (ex) {
            case RemoteProblemException relayed -> {
                metrics.record(Outcome.WORKER_ERROR);
                yield relayed;
            }
            case WorkerCallException call -> {
                TransportFailure failure = TransportFailure.of(call);
                metrics.record(failure.outcome());
                yield failure.toException(call);
            }
            case UnreadableResultException unreadable -> {
                metrics.record(Outcome.ERROR);
                yield new FaasException(ErrorKind.INTERNAL, unreadable.getMessage(),
                        Problems.props("worker", worker.id()), unreadable);
            }
            default -> {
                metrics.record(Outcome.ERROR);
                yield ex;
            }
        };
    }
}
