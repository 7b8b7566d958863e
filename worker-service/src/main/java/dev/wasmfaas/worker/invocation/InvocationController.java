package dev.wasmfaas.worker.invocation;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.wasm.FunctionRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Runs the invocation it is given; a function's own failure is still a 200 with its status. */
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
        requireWasm(request.lang());
        long started = System.nanoTime();
        InvocationResult result = runtime.run(request).withWorker(workerId);
        Timer.builder("faas.worker.invocations")
                .description("invocations run by this worker, by how they ended")
                .tag("status", result.status().name().toLowerCase(Locale.ROOT))
                .tag("cold", Boolean.toString(result.coldStart()))
                .register(meters)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return result;
    }

    // Scripts (js, python, php) need a sandboxed native runtime that this worker does not have yet.
    private static void requireWasm(String lang) {
        if (lang != null && !Language.fromId(lang).map(Language::wasm).orElse(false)) {
            throw new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE,
                    "this worker runs WebAssembly modules only, not '" + lang + "'");
        }
    }
}
