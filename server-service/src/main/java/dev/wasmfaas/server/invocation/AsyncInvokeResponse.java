package dev.wasmfaas.server.invocation;

import dev.wasmfaas.server.activation.Activation;

/**
 * The answer to an asynchronous invocation ({@code 202}): where its result will be.
 *
 * @param ok always true: the invocation was accepted
 * @param activationId the id to read at {@code GET /activations/{id}}
 * @param id the id of the version that will run
 * @param status {@code queued}
 */
record AsyncInvokeResponse(boolean ok, String activationId, String id, String status) {

    static AsyncInvokeResponse queued(Activation activation) {
        return new AsyncInvokeResponse(true, activation.activationId(), activation.functionId(), activation.status());
    }
}
