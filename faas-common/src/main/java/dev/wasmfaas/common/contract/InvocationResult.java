package dev.wasmfaas.common.contract;

/**
 * What a worker reports for one invocation.
 *
 * @param activationId the id of the invocation
 * @param status how the run ended
 * @param exitCode the function's exit code ({@code -1} when it did not exit by itself)
 * @param stdout what the function wrote to stdout (UTF-8, invalid bytes replaced)
 * @param stderr what the function wrote to stderr
 * @param durationMs wall-clock time of the run in the worker
 * @param worker the id of the worker that ran it
 * @param message why the run failed when it did not end by itself ({@code null} otherwise)
 * @param coldStart whether the worker had to compile the module for this invocation
 */
public record InvocationResult(
        String activationId,
        InvocationStatus status,
        int exitCode,
        String stdout,
        String stderr,
        long durationMs,
        String worker,
        String message,
        boolean coldStart) {

    public InvocationResult withWorker(String workerId) {
        return new InvocationResult(activationId, status, exitCode, stdout, stderr, durationMs, workerId, message,
                coldStart);
    }
}
