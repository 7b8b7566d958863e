package dev.wasmfaas.balancer.invocation;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRemovedException;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.Problems;

/** Why a call to a worker failed below HTTP, and the answer that gives. */
enum TransportFailure {

    /** The request could not be sent: nothing listens at the worker's endpoint. */
    UNREACHABLE(ErrorKind.WORKER_LOST, Outcome.WORKER_LOST),
    /** The worker was removed (its process ended) while the call ran: aborted at once. */
    REMOVED(ErrorKind.WORKER_LOST, Outcome.WORKER_LOST),
    /** The connection was closed or reset before the answer (the worker was killed mid-call). */
    BROKEN(ErrorKind.WORKER_LOST, Outcome.WORKER_LOST),
    /** No answer within the worker timeout. */
    TIMED_OUT(ErrorKind.TIMEOUT, Outcome.TIMEOUT);

    private final ErrorKind kind;
    private final Outcome outcome;

    TransportFailure(ErrorKind kind, Outcome outcome) {
        this.kind = kind;
        this.outcome = outcome;
    }

    static TransportFailure of(WorkerCallException ex) {
        if (!ex.delivered()) {
            return UNREACHABLE;
        }
        if (causedBy(ex, WorkerRemovedException.class)) {
            return REMOVED;
        }
        return causedBy(ex, TimeoutException.class) || causedBy(ex, SocketTimeoutException.class) ? TIMED_OUT : BROKEN;
    }

    /**
     * Whether the worker leaves rotation until it answers a health probe: it cannot be reached, or it broke a
     * connection mid-call (a process killed, a host lost). A removed worker is gone already; a slow one is not
     * suspect.
     */
    boolean takesWorkerOutOfRotation() {
        return this == UNREACHABLE || this == BROKEN;
    }

    String reason() {
        return this == BROKEN ? "broke a connection during a call" : "cannot be reached";
    }

    Outcome outcome() {
        return outcome;
    }

    FaasException toException(WorkerCallException ex) {
        Worker worker = ex.worker();
        String detail = switch (this) {
            case UNREACHABLE -> "worker " + worker.id() + " at " + worker.endpoint()
                    + " cannot be reached; it is out of rotation until it answers its health check again";
            case REMOVED -> "worker " + worker.id() + (worker.leased()
                    ? " was dropped (its lease ran out or its health probes failed: its host is lost) during the invocation"
                    : " was removed (its process ended) during the invocation");
            case BROKEN -> "the connection to worker " + worker.id()
                    + " broke during the invocation; it is out of rotation until it answers its health check again";
            case TIMED_OUT -> "worker " + worker.id() + " did not answer in time (faas.balancer.worker-timeout)";
        };
        return new FaasException(kind, detail, Problems.props("worker", worker.id()), ex);
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
