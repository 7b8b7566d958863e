package dev.wasmfaas.server.invocation;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;

/**
 * The public answer to an invocation that ran to its end. A non-zero exit is a result:
 * {@code ok} is false and the exit code says why.
 *
 * @param ok whether the function exited with 0
 * @param id the id of the version that ran
 * @param activationId the id of this invocation
 * @param output the function's stdout
 * @param stderr the function's stderr
 * @param exitCode its exit code
 * @param durationMs its run time in the worker
 * @param worker the worker that ran it
 * @param coldStart whether the worker compiled the module for this call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InvokeResponse(boolean ok, String id, String activationId, String output, String stderr, int exitCode,
        long durationMs, String worker, boolean coldStart) {

    // The server's id of the invocation is the one it recorded, whatever a worker echoes.
    static InvokeResponse of(String functionId, String activationId, InvocationResult result) {
        return new InvokeResponse(result.status() == InvocationStatus.SUCCESS, functionId, activationId,
                result.stdout(), result.stderr(), result.exitCode(), result.durationMs(), result.worker(),
                result.coldStart());
    }
}
