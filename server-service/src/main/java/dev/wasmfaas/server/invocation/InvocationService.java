package dev.wasmfaas.server.invocation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

/**
 * Resolves the function, sends one invocation to the balancer and turns the worker's result
 * into the public answer, or into a problem when the function did not end by itself.
 */
@Service
public class InvocationService {

    private final FunctionRegistry registry;
    private final FunctionStore store;
    private final BalancerClient balancer;
    private final ServerProperties properties;
    private final InvocationGate gate;
    private final InvocationCounts counts;
    private final InvocationMetrics metrics;

    InvocationService(FunctionRegistry registry, FunctionStore store, BalancerClient balancer,
            ServerProperties properties, InvocationGate gate, InvocationCounts counts, InvocationMetrics metrics) {
        this.counts = counts;
        this.metrics = metrics;
        this.registry = registry;
        this.store = store;
        this.balancer = balancer;
        this.properties = properties;
        this.gate = gate;
    }

    public InvokeResponse invoke(String fn, byte[] input) {
        if (fn == null || fn.isBlank()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "the function is missing (query parameter 'fn')");
        }
        FunctionMetadata function = registry.resolve(fn);
        gate.enter();
        counts.record(function.id());
        try {
            return run(function, input);
        } finally {
            gate.leave();
        }
    }

    private InvokeResponse run(FunctionMetadata function, byte[] input) {
        InvocationRequest request = new InvocationRequest(UUID.randomUUID().toString(), function.id(),
                function.name(), function.lang(),
                store.directoryOf(function).resolve(function.artifactFile()).toString(), function.digest(), input,
                function.args(), function.env(), function.limits().over(properties.limits().toLimits()));
        InvocationResult result = metrics.observe(request, balancer::invoke);
        return switch (result.status()) {
            case SUCCESS, FAILED -> InvokeResponse.of(function.id(), result);
            case TIMEOUT -> throw abnormal(ErrorKind.TIMEOUT, function, result);
            case TRAP -> throw abnormal(ErrorKind.TRAP, function, result);
            case OUTPUT_LIMIT -> throw abnormal(ErrorKind.OUTPUT_LIMIT, function, result);
            case MEMORY_LIMIT -> throw abnormal(ErrorKind.MEMORY_LIMIT, function, result);
        };
    }

    private static FaasException abnormal(ErrorKind kind, FunctionMetadata function, InvocationResult result) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("id", function.id());
        members.put("activationId", result.activationId());
        members.put("exitCode", result.exitCode());
        members.put("output", result.stdout());
        members.put("stderr", result.stderr());
        members.put("durationMs", result.durationMs());
        members.put("worker", result.worker());
        String detail = result.message() != null ? result.message() : kind.title();
        return new FaasException(kind, detail, members);
    }
}
