package dev.wasmfaas.server.activation;

import java.time.Duration;
import java.time.Instant;

import dev.wasmfaas.common.contract.InvocationResult;

/**
 * The record of one invocation, from its acceptance to its end ({@code GET /activations/{id}}).
 *
 * @param activationId the invocation's id, also in its answer's {@code X-Activation-Id}
 * @param name the function's name
 * @param functionId the id of the version that was invoked
 * @param status {@code queued}, {@code running}, {@code success}, {@code failed} (a non-zero exit), or the
 *        problem type slug of an invocation that did not end by itself ({@code timeout}, {@code trap},
 *        {@code output-limit}, {@code memory-limit}, {@code worker-lost}, {@code queue-full}...)
 * @param async whether it was accepted with {@code 202} and ran in the background
 * @param payloadBytes the size of its input
 * @param submitted when the server accepted it
 * @param start when the server sent it to the balancer ({@code null} while queued)
 * @param end when its answer came back ({@code null} until then)
 * @param durationMs its run time in the worker; the server's time from start to end when no worker reported
 * @param exitCode the function's exit code ({@code -1} when it did not exit by itself; {@code null} when no
 *        worker reported)
 * @param worker the worker that ran it
 * @param coldStart whether the worker compiled the module for it
 * @param output its stdout, cut at the function's output cap
 * @param stderr its stderr, cut at what the output cap leaves after stdout
 * @param truncated whether output or stderr was cut here
 * @param message why it failed, when it did not end by itself
 */
public record Activation(
        String activationId,
        String name,
        String functionId,
        String status,
        boolean async,
        long payloadBytes,
        Instant submitted,
        Instant start,
        Instant end,
        Long durationMs,
        Integer exitCode,
        String worker,
        Boolean coldStart,
        String output,
        String stderr,
        boolean truncated,
        String message) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";

    /** An invocation just accepted. */
    public static Activation queued(String activationId, String name, String functionId, boolean async,
            long payloadBytes, Instant now) {
        return new Activation(activationId, name, functionId, QUEUED, async, payloadBytes, now, null, null, null,
                null, null, null, null, null, false, null);
    }

    public Activation running(Instant now) {
        return new Activation(activationId, name, functionId, RUNNING, async, payloadBytes, submitted, now, null,
                null, null, null, null, null, null, false, null);
    }

    /** The end reported by a worker; output and stderr together are cut at {@code outputCapBytes}. */
    public Activation finished(InvocationResult result, String endStatus, int outputCapBytes, Instant now) {
        String out = result.stdout() == null ? "" : result.stdout();
        String err = result.stderr() == null ? "" : result.stderr();
        String cutOut = Utf8.prefix(out, outputCapBytes);
        String cutErr = Utf8.prefix(err, outputCapBytes - Utf8.length(cutOut));
        boolean cut = cutOut.length() != out.length() || cutErr.length() != err.length();
        return new Activation(activationId, name, functionId, endStatus, async, payloadBytes, submitted,
                startOr(now), now, result.durationMs(), result.exitCode(), result.worker(), result.coldStart(), cutOut,
                cutErr, cut, result.message());
    }

    /** An end that no worker reported (refused, lost, unreachable): no exit code, no output. */
    public Activation failed(String endStatus, String why, Instant now) {
        Instant started = startOr(now);
        return new Activation(activationId, name, functionId, endStatus, async, payloadBytes, submitted, started, now,
                Duration.between(started, now).toMillis(), null, null, null, "", "", false, why);
    }

    /** Whether the invocation has ended, one way or another. */
    public boolean done() {
        return end != null;
    }

    private Instant startOr(Instant now) {
        return start != null ? start : now;
    }
}
