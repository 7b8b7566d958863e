package dev.wasmfaas.worker.invocation;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Runs the invocation it is given, in any language; a function's own failure is still a 200 with its status. */
@RestController
class InvocationController {

    private final FunctionRuntime runtime;
    private final String workerId;
    private final MeterRegistry meters;

    InvocationController(FunctionRuntime runtime, WorkerProperties properties, MeterRegistry meters) {
        this.runtime = runtime;
        this.workerId = properties.id();
        this.meters = meters;
    }

    @PostMapping(path = "/invoke", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    InvocationResult invoke(@RequestBody InvocationRequest request) {
        long started = System.nanoTime();
        InvocationResult result = runtime.run(request).withWorker(workerId);
        Timer.builder("faas.worker.invocations")
                .description("invocations run by this worker, by how they ended")
                .tag("status", result.status().name().toLowerCase(Locale.ROOT))
                .tag("cold", Boolean.toString(result.coldStart()))
                .register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (result.coldStart()) {
            // OpenTelemetry's faas.coldstarts: this worker compiled the function's module for this call.
            meters.counter("faas.coldstarts", "function", request.name() == null ? "" : request.name()).increment();
        }
        return result;
    }
}
