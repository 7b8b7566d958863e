package dev.wasmfaas.worker.invocation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.lane.LaneAnswer;
import dev.wasmfaas.common.lane.LaneRequest;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs the invocation it is given, in any language; a function's own failure is still a 200 with
 * its status. The request and the answer are in {@link InvocationWire}'s form: stdin in, stdout and
 * stderr out as bytes, the rest in headers. Served on the invocation lane and, for callers over TCP,
 * on the servlet container.
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

    /** The call as the invocation lane serves it. */
    LaneAnswer invoke(LaneRequest request) {
        return run(request, request.body());
    }

    // The answer is written here, not returned: Spring's return-value handling cost more than the rest of the call.
    @PostMapping(path = "/invoke")
    void invoke(HttpServletRequest http, HttpServletResponse response) throws IOException {
        run(InvocationWire.Headers.of(http), http.getInputStream().readAllBytes()).writeTo(response);
    }

    private LaneAnswer run(InvocationWire.Headers headers, byte[] input) {
        InvocationRequest request = InvocationWire.readRequest(headers, input);
        long started = System.nanoTime();
        InvocationResult result = runtime.run(request).withWorker(workerId);
        metrics.record(request, result, System.nanoTime() - started);
        List<String[]> answerHeaders = new ArrayList<>(12);
        byte[] body = InvocationWire.writeResult(result, (name, value) -> answerHeaders.add(new String[] {name, value}));
        return new LaneAnswer(HttpServletResponse.SC_OK, InvocationWire.CONTENT_TYPE, answerHeaders, body);
    }
}
