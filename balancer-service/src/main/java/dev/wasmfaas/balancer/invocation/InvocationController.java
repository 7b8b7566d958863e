package dev.wasmfaas.balancer.invocation;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.InvocationWire;

/** The server sends every invocation here; the answer is the chosen worker's, passed through untouched. */
@RestController
class InvocationController {

    private final InvocationDispatcher dispatcher;

    InvocationController(InvocationDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    // The answer is written here, not returned: Spring's return-value handling cost more than the rest of the call.
    @PostMapping("/invoke")
    void invoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        WorkerAnswer answer = dispatcher.dispatch(Forwarded.of(request, request.getInputStream().readAllBytes()));
        for (String[] header : answer.headers()) {
            response.addHeader(header[0], header[1]);
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(InvocationWire.CONTENT_TYPE);
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }
}
