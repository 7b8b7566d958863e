package dev.wasmfaas.balancer.invocation;

/** A worker answered 2xx with something that is not an {@code InvocationResult}. */
class UnreadableResultException extends RuntimeException {

    UnreadableResultException(String workerId, Throwable cause) {
        super("worker " + workerId + " answered an unreadable result", cause);
    }
}
