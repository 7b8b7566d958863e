package dev.wasmfaas.server.deployment;

import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.FaasException;

/** Deployments and updates by language and outcome, and how long each language's toolchain takes. */
@Component
final class DeploymentMetrics {

    private final MeterRegistry meters;

    DeploymentMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs a compilation (or a syntax check) and records its duration, whether it succeeded or not. */
    String compile(Language language, Supplier<String> compilation) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            String artifact = compilation.get();
            outcome = "success";
            return artifact;
        } catch (FaasException ex) {
            outcome = ex.kind().slug().replace('-', '_');
            throw ex;
        } finally {
            Timer.builder("faas.compile.duration").description("Compilation or syntax check of a deployed source")
                    .tag("language", language.id()).tag("outcome", outcome).publishPercentileHistogram()
                    .register(meters).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** @param operation {@code deploy} or {@code update} */
    void published(Language language, String operation, RuntimeException failure) {
        String outcome = failure == null ? "success"
                : failure instanceof FaasException ex ? ex.kind().slug().replace('-', '_') : "error";
        Counter.builder("faas.deployments").description("Deployments and updates that reached the compiler")
                .tag("language", language.id()).tag("operation", operation).tag("outcome", outcome)
                .register(meters).increment();
    }
}
