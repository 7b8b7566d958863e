package dev.wasmfaas.server.invocation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
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

    InvocationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs the call and records its outcome; the call's exception, if any, passes through unchanged. */
    InvocationResult observe(InvocationRequest request, Function<InvocationRequest, InvocationResult> call) {
        String function = request.name();
        Counter.builder("faas.invocation.input").baseUnit("bytes").description("Bytes of invocation input (stdin)")
                .tag("function", function).register(meters)
                .increment(request.input().length);
        InvocationResult result;
        try {
            result = call.apply(request);
        } catch (FaasException ex) {
            completed(function, tag(ex.kind().slug()));
            throw ex;
        } catch (RemoteProblemException ex) {
            completed(function, tag(slugOf(ex)));
            throw ex;
        }
        String status = result.status().name().toLowerCase(Locale.ROOT);
        completed(function, status);
        Timer.builder("faas.invoke_duration").description("Run time of a function in its worker")
                .tag("function", function).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(meters).record(Duration.ofMillis(result.durationMs()));
        Counter.builder("faas.invocation.output").baseUnit("bytes")
                .description("Bytes of invocation output (stdout and stderr)")
                .tag("function", function).register(meters).increment(bytes(result.stdout()) + bytes(result.stderr()));
        if (result.status() == InvocationStatus.TIMEOUT) {
            Counter.builder("faas.timeouts").description("Invocations stopped at their time limit")
                    .tag("function", function).register(meters).increment();
        }
        return result;
    }

    private void completed(String function, String status) {
        Counter.builder("faas.invocations").description("Invocations of a function, by how they ended")
                .tag("function", function).tag("status", status).register(meters).increment();
        if (!status.equals("success") && !status.equals("timeout")) {
            Counter.builder("faas.errors").description("Invocations that failed, timeouts apart")
                    .tag("function", function).tag("status", status).register(meters).increment();
        }
    }

    private static String slugOf(RemoteProblemException ex) {
        Matcher type = PROBLEM_TYPE.matcher(new String(ex.body(), StandardCharsets.UTF_8));
        return type.find() && KINDS.contains(type.group(1)) ? type.group(1) : "error";
    }

    private static String tag(String slug) {
        return slug.replace('-', '_');
    }

    private static long bytes(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
