package dev.wasmfaas.server.activation;

import java.time.Instant;

/**
 * One activation in {@code GET /activations}: everything but its output and stderr, which
 * {@code GET /activations/{id}} gives.
 *
 * @param activationId the invocation's id
 * @param name the function's name
 * @param functionId the id of the version that was invoked
 * @param status as in {@link Activation#status()}
 * @param async whether it was accepted with {@code 202}
 * @param payloadBytes the size of its input
 * @param submitted when the server accepted it
 * @param start when it was sent to the balancer
 * @param end when its answer came back
 * @param durationMs its run time
 * @param exitCode the function's exit code
 * @param worker the worker that ran it
 * @param coldStart whether the worker compiled the module for it
 * @param message why it failed, when it did not end by itself
 */
record ActivationSummary(String activationId, String name, String functionId, String status, boolean async,
        long payloadBytes, Instant submitted, Instant start, Instant end, Long durationMs, Integer exitCode,
        String worker, Boolean coldStart, String message) {

    static ActivationSummary of(Activation a) {
        return new ActivationSummary(a.activationId(), a.name(), a.functionId(), a.status(), a.async(),
                a.payloadBytes(), a.submitted(), a.start(), a.end(), a.durationMs(), a.exitCode(), a.worker(),
                a.coldStart(), a.message());
    }
}
