package dev.wasmfaas.balancer.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls in flight on one worker. Once aborted it stays closed, so a call that a thread is
 * about to send when its worker is removed is refused rather than missed.
 */
final class InFlightCalls {

    private final Set<InFlightCall> calls = ConcurrentHashMap.newKeySet();
    private volatile Throwable abortCause;

    boolean track(InFlightCall call) {
        calls.add(call);
        // Checked after adding: abortAll either sees this call or this check sees its cause.
        if (abortCause != null) {
            calls.remove(call);
            return false;
        }
        return true;
    }

    void untrack(InFlightCall call) {
        calls.remove(call);
    }

    void abortAll(Throwable cause) {
        abortCause = cause;
        for (InFlightCall call : calls) {
            call.abort(cause);
        }
    }
}
