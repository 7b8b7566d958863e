package dev.wasmfaas.server.invocation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.server.activation.Utf8;

/**
 * The platform's invocation metrics, after the OpenTelemetry FaaS conventions, recorded where the outcome
 * is known: every invocation of a resolved function, by function name (never an id of a call, so the label
 * stays bounded) and status (how the run ended, or the error that kept it from running). See docs/METRICS.md.
 */
@Component
public final class InvocationMetrics {

    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"/problems/([a-z-]+)\"");
    private static final Set<String> KINDS = Arrays.stream(ErrorKind.values()).map(ErrorKind::slug)
            .collect(Collectors.toUnmodifiableSet());

    private final MeterRegistry meters;
    // Meters are registered once per function (and status) and then only updated: a look-up by tags on every
    // invocation costs more than the rest of its bookkeeping.
    private final Map<String, FunctionMeters> byFunction = new ConcurrentHashMap<>();

    InvocationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs the call and records its outcome; the call's exception, if any, passes through unchanged. */
    InvocationResult observe(InvocationRequest request, Function<InvocationRequest, InvocationResult> call) {
        FunctionMeters function = byFunction.computeIfAbsent(request.name(), FunctionMeters::new);
        function.input.increment(request.input().length);
        InvocationResult result;
        try {
            result = call.apply(request);
        } catch (FaasException ex) {
            function.completed(tag(ex.kind().slug()));
            throw ex;
        } catch (RemoteProblemException ex) {
            function.completed(tag(slugOf(ex)));
            throw ex;
        }
        function.completed(result.status().name().toLowerCase(Locale.ROOT));
        function.duration.record(Duration.ofMillis(result.durationMs()));
        function.output.increment(bytes(result.stdout()) + bytes(result.stderr()));
        if (result.status() == InvocationStatus.TIMEOUT) {
            function.timeouts.increment();
        }
        return result;
    }

    private static String slugOf(RemoteProblemException ex) {
        Matcher type = PROBLEM_TYPE.matcher(new String(ex.body(), StandardCharsets.UTF_8));
        return type.find() && KINDS.contains(type.group(1)) ? type.group(1) : "error";
    }

    private static String tag(String slug) {
        return slug.replace('-', '_');
    }

    private static long bytes(String text) {
        return text == null ? 0 : Utf8.length(text);
    }

    /** The meters of one function; its per-status counters as they are first needed. */
    private final class FunctionMeters {

        private final String function;
        private final Counter input;
        private final Counter output;
        private final Timer duration;
        private final Counter timeouts;
        private final Map<String, Counter[]> byStatus = new ConcurrentHashMap<>();

        FunctionMeters(String function) {
            this.function = function;
            this.input = Counter.builder("faas.invocation.input").baseUnit("bytes")
                    .description("Bytes of invocation input (stdin)").tag("function", function).register(meters);
            this.output = Counter.builder("faas.invocation.output").baseUnit("bytes")
                    .description("Bytes of invocation output (stdout and stderr)").tag("function", function)
                    .register(meters);
            this.duration = Timer.builder("faas.invoke_duration").description("Run time of a function in its worker")
                    .tag("function", function).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                    .register(meters);
            this.timeouts = Counter.builder("faas.timeouts").description("Invocations stopped at their time limit")
                    .tag("function", function).register(meters);
        }

        void completed(String status) {
            Counter[] counters = byStatus.computeIfAbsent(status, this::countersOf);
            for (Counter counter : counters) {
                counter.increment();
            }
        }

        private Counter[] countersOf(String status) {
            Counter invocations = Counter.builder("faas.invocations")
                    .description("Invocations of a function, by how they ended")
                    .tag("function", function).tag("status", status).register(meters);
            if (status.equals("success") || status.equals("timeout")) {
                return new Counter[] {invocations};
            }
            return new Counter[] {invocations, Counter.builder("faas.errors")
                    .description("Invocations that failed, timeouts apart")
                    .tag("function", function).tag("status", status).register(meters)};
        }
    }
}
