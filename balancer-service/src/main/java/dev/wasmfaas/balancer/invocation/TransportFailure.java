package dev.wasmfaas.balancer.invocation;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.util.concurrent.TimeoutException;

import org.springframework.web.client.ResourceAccessException;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.Problems;

/** Why a call to a worker failed below HTTP: it decides the answer and whether the worker stays in rotation. */
enum TransportFailure {

    /** Nothing listens at the worker's endpoint: the process is gone. */
    REFUSED(ErrorKind.WORKER_LOST, Outcome.WORKER_LOST),
    /** The connection was made but closed or reset before the answer (the worker was killed mid-call). */
    BROKEN(ErrorKind.WORKER_LOST, Outcome.WORKER_LOST),
    /** No answer within the read timeout. */
    TIMED_OUT(ErrorKind.TIMEOUT, Outcome.TIMEOUT);

    private final ErrorKind kind;
    private final Outcome outcome;

    TransportFailure(ErrorKind kind, Outcome outcome) {
        this.kind = kind;
        this.outcome = outcome;
    }

    static TransportFailure of(Worker worker, ResourceAccessException ex) {
        if (causedBy(ex, TimeoutException.class) || causedBy(ex, SocketTimeoutException.class)) {
            return TIMED_OUT;
        }
        // A missing socket file fails with a plain SocketException, not a ConnectException.
        boolean socketGone = worker.endpoint().isUnix() && !Files.exists(worker.endpoint().socket());
        return causedBy(ex, ConnectException.class) || socketGone ? REFUSED : BROKEN;
    }

    Outcome outcome() {
        return outcome;
    }

    FaasException toException(Worker worker, ResourceAccessException ex) {
        String detail = switch (this) {
            case REFUSED -> "worker " + worker.id() + " at " + worker.endpoint()
                    + " cannot be reached; it is out of rotation until it registers again";
            case BROKEN -> "the connection to worker " + worker.id() + " broke during the invocation";
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
