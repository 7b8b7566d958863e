package dev.wasmfaas.worker.invocation;

import java.io.IOException;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs the invocation it is given, in any language; a function's own failure is still a 200 with
 * its status. The request and the answer are in {@link InvocationWire}'s form: stdin in, stdout and
 * stderr out as bytes, the rest in headers.
 */
@RestController
class InvocationController {

    private static final MediaType OCTETS = MediaType.parseMediaType(InvocationWire.CONTENT_TYPE);

    private final FunctionRuntime runtime;
    private final String workerId;
    private final WorkerMetrics metrics;

    InvocationController(FunctionRuntime runtime, WorkerProperties properties, WorkerMetrics metrics) {
        this.runtime = runtime;
        this.workerId = properties.id();
        this.metrics = metrics;
    }

    @PostMapping(path = "/invoke")
    ResponseEntity<byte[]> invoke(HttpServletRequest http) throws IOException {
        InvocationRequest request = InvocationWire.readRequest(InvocationWire.Headers.of(http),
                http.getInputStream().readAllBytes());
        long started = System.nanoTime();
        InvocationResult result = runtime.run(request).withWorker(workerId);
        metrics.record(request, result, System.nanoTime() - started);
        HttpHeaders headers = new HttpHeaders();
        byte[] body = InvocationWire.writeResult(result, headers::add);
        return ResponseEntity.ok().headers(headers).contentType(OCTETS).body(body);
    }
}
