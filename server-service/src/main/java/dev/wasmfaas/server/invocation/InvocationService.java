package dev.wasmfaas.server.invocation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.wasmfaas.common.contract.ActivationId;
import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemHandlerSupport;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.server.activation.Activation;
import dev.wasmfaas.server.activation.ActivationStore;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

/**
 * Resolves the function, sends one invocation to the balancer and turns the worker's result
 * into the public answer, or into a problem when the function did not end by itself. Every
 * invocation of a known function is recorded as an activation, whatever its end.
 */
@Service
public class InvocationService {

    private final FunctionRegistry registry;
    private final FunctionStore store;
    private final BalancerClient balancer;
    private final ServerProperties properties;
    private final InvocationGate gate;
    private final InvocationCounts counts;
    private final ActivationStore activations;
    private final AsyncInvocations async;
    private final InvocationMetrics metrics;

    InvocationService(FunctionRegistry registry, FunctionStore store, BalancerClient balancer,
            ServerProperties properties, InvocationGate gate, InvocationCounts counts, ActivationStore activations,
            AsyncInvocations async, InvocationMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.store = store;
        this.balancer = balancer;
        this.properties = properties;
        this.gate = gate;
        this.counts = counts;
        this.activations = activations;
        this.async = async;
    }

    /** Runs the function and answers its result; any other end is an {@link ActivationProblemException}. */
    public InvokeResponse invoke(String fn, byte[] input) {
        FunctionMetadata function = resolve(fn);
        Activation running = Activation.queued(ActivationId.next(), function.name(), function.id(), false,
                input.length, activations.now()).running(activations.now());
        activations.put(running);
        try {
            gate.enter();
        } catch (FaasException ex) {
            throw fail(running, ex);
        }
        counts.record(function.id());
        try {
            return run(function, input, running);
        } finally {
            gate.leave();
        }
    }

    /**
     * Accepts the invocation and runs it in the background; its end is read from its activation. A
     * stopping server ({@code 503}) or too many pending ({@code 429}) refuse it before it is accepted.
     */
    public AsyncInvokeResponse submit(String fn, byte[] input) {
        FunctionMetadata function = resolve(fn);
        gate.enter();
        if (!async.tryReserve()) {
            gate.leave();
            throw new FaasException(ErrorKind.QUEUE_FULL, "too many asynchronous invocations are pending ("
                    + properties.async().maxPending() + ")", Map.of(ProblemHandlerSupport.RETRY_AFTER, 1));
        }
        Activation queued = Activation.queued(ActivationId.next(), function.name(), function.id(), true,
                input.length, activations.now());
        activations.put(queued);
        counts.record(function.id());
        async.start(() -> {
            Activation running = queued.running(activations.now());
            activations.put(running);
            try {
                run(function, input, running);
            } catch (ActivationProblemException ex) {
                // Recorded in the activation: nobody waits for this answer.
            }
        }, () -> activations.put(queued.failed(ErrorKind.SHUTTING_DOWN.slug(),
                "the server stopped before the invocation ran", activations.now())), gate::leave);
        return AsyncInvokeResponse.queued(queued);
    }

    private FunctionMetadata resolve(String fn) {
        if (fn == null || fn.isBlank()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "the function is missing (query parameter 'fn')");
        }
        return registry.resolve(fn);
    }

    private InvokeResponse run(FunctionMetadata function, byte[] input, Activation running) {
        Limits limits = function.limits().over(properties.limits().toLimits());
        InvocationResult result;
        try {
            result = metrics.observe(new InvocationRequest(running.activationId(), function.id(), function.name(),
                    function.lang(), store.directoryOf(function).resolve(function.artifactFile()).toString(),
                    function.digest(), input, function.args(), function.env(), limits), balancer::invoke);
        } catch (RuntimeException ex) {
            throw fail(running, ex);
        }
        ErrorKind kind = switch (result.status()) {
            case SUCCESS, FAILED -> null;
            case TIMEOUT -> ErrorKind.TIMEOUT;
            case TRAP -> ErrorKind.TRAP;
            case OUTPUT_LIMIT -> ErrorKind.OUTPUT_LIMIT;
            case MEMORY_LIMIT -> ErrorKind.MEMORY_LIMIT;
        };
        String status = switch (result.status()) {
            case SUCCESS -> Activation.SUCCESS;
            case FAILED -> Activation.FAILED;
            default -> kind.slug();
        };
        activations.put(running.finished(result, status, limits.maxOutputBytes(), activations.now()));
        if (kind == null) {
            return InvokeResponse.of(function.id(), running.activationId(), result);
        }
        throw new ActivationProblemException(running.activationId(),
                abnormal(kind, function, running.activationId(), result));
    }

    /** Records an end that no worker reported and wraps its problem with the activation id. */
    private ActivationProblemException fail(Activation running, RuntimeException ex) {
        String id = running.activationId();
        RuntimeException answer;
        if (ex instanceof FaasException faas) {
            activations.put(running.failed(faas.kind().slug(), faas.getMessage(), activations.now()));
            Map<String, Object> members = new LinkedHashMap<>(faas.properties());
            members.put("activationId", id);
            answer = new FaasException(faas.kind(), faas.getMessage(), members, faas.getCause());
        } else if (ex instanceof RemoteProblemException remote) {
            RelayedProblem problem = RelayedProblem.of(remote);
            activations.put(running.failed(problem.slug(), problem.detail(), activations.now()));
            answer = RelayedProblem.withActivationId(remote, id);
        } else {
            activations.put(running.failed(ErrorKind.INTERNAL.slug(), "an internal error occurred",
                    activations.now()));
            answer = ex;
        }
        return new ActivationProblemException(id, answer);
    }

    private FaasException abnormal(ErrorKind kind, FunctionMetadata function, String activationId,
            InvocationResult result) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("id", function.id());
        members.put("activationId", activationId);
        members.put("exitCode", result.exitCode());
        members.put("output", result.stdout());
        members.put("stderr", result.stderr());
        members.put("durationMs", result.durationMs());
        members.put("worker", result.worker());
        String detail = result.message() != null ? result.message() : kind.title();
        return new FaasException(kind, StackHint.explain(detail, function.limits().stackKb()), members);
    }
}
