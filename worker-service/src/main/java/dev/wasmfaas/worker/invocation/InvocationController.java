package dev.wasmfaas.worker.invocation;

import java.io.IOException;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs the invocation it is given, in any language; a function's own failure is still a 200 with
 * its status. The request and the answer are in {@link InvocationWire}'s form: stdin in, stdout and
 * stderr out as bytes, the rest in headers.
 */
@RestController
class InvocationController {

    private final FunctionRuntime runtime;
    private final String workerId;
    private final WorkerMetrics metrics;

    InvocationController(FunctionRuntime runtime, WorkerProperties properties, WorkerMetrics metrics) {
        this.runtime = runtime;
        this.workerId = properties.id();
        this.metrics = metrics;
    }

    // The answer is written here, not returned: Spring's return-value handling cost more than the rest of the call.
    @PostMapping(path = "/invoke")
    void invoke(HttpServletRequest http, HttpServletResponse answer) throws IOException {
        InvocationRequest request = InvocationWire.readRequest(InvocationWire.Headers.of(http),
                http.getInputStream().readAllBytes());
        long started = System.nanoTime();
        InvocationResult result = runtime.run(request).withWorker(workerId);
        metrics.record(request, result, System.nanoTime() - started);
        byte[] body = InvocationWire.writeResult(result, answer::addHeader);
        answer.setStatus(HttpServletResponse.SC_OK);
        answer.setContentType(InvocationWire.CONTENT_TYPE);
        answer.setContentLength(body.length);
        answer.getOutputStream().write(body);
    }
}
