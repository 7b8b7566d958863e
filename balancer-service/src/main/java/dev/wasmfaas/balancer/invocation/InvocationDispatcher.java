package dev.wasmfaas.balancer.invocation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.balancer.selection.SelectionStrategy;
import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.Problems;
import dev.wasmfaas.common.error.RemoteProblemException;

/** Sends an invocation to the worker the strategy picks, and keeps that worker's counters and the metrics. */
@Service
class InvocationDispatcher {

    private static final Logger log = LoggerFactory.getLogger(InvocationDispatcher.class);

    private final WorkerRegistry registry;
    private final SelectionStrategy strategy;
    private final WorkerClient client;
    private final InvocationMetrics metrics;

    InvocationDispatcher(WorkerRegistry registry, SelectionStrategy strategy, WorkerClient client,
            InvocationMetrics metrics) {
        this.registry = registry;
        this.strategy = strategy;
        this.client = client;
        this.metrics = metrics;
    }

    InvocationResult dispatch(InvocationRequest request) {
        Worker worker = strategy.select(registry.ready()).orElseThrow(this::noWorker);
        worker.started();
        try {
            InvocationResult result = client.invoke(worker.endpoint(), request);
            worker.completed();
            metrics.record(Outcome.OK);
            return result;
        } catch (RuntimeException ex) {
            worker.failed();
            throw failure(worker, ex);
        }
    }

    private FaasException noWorker() {
        metrics.record(Outcome.NO_WORKER);
        return new FaasException(ErrorKind.NO_WORKER, "no worker is ready to take the invocation");
    }

    private RuntimeException failure(Worker worker, RuntimeException ex) {
        return switch (ex) {
            case RemoteProblemException relayed -> {
                metrics.record(Outcome.WORKER_ERROR);
                yield relayed;
            }
            case ResourceAccessException access -> {
                TransportFailure failure = TransportFailure.of(worker, access);
                if (failure == TransportFailure.REFUSED) {
                    worker.markDead();
                    log.warn("worker {} at {} cannot be reached: out of rotation", worker.id(), worker.endpoint());
                }
                metrics.record(failure.outcome());
                yield failure.toException(worker, access);
            }
            case RestClientException unreadable -> {
                metrics.record(Outcome.ERROR);
                yield new FaasException(ErrorKind.INTERNAL, "worker " + worker.id() + " answered an unreadable result",
                        Problems.props("worker", worker.id()), unreadable);
            }
            default -> {
                metrics.record(Outcome.ERROR);
                yield ex;
            }
        };
    }
}
