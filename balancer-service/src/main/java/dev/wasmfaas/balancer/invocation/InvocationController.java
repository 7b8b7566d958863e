package dev.wasmfaas.balancer.invocation;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.lane.LaneAnswer;
import dev.wasmfaas.common.lane.LaneRequest;

/**
 * The server sends every invocation here; the answer is the chosen worker's, passed through untouched.
 * Served on the invocation lane and, for callers over TCP, on the servlet container.
 */
@RestController
class InvocationController {

    private final InvocationDispatcher dispatcher;

    InvocationController(InvocationDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** The call as the invocation lane serves it. */
    LaneAnswer invoke(LaneRequest request) {
        return answer(dispatcher.dispatch(Forwarded.of(request.headers(), request.body())));
    }

    // The answer is written here, not returned: Spring's return-value handling cost more than the rest of the call.
    @PostMapping("/invoke")
    void invoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(dispatcher.dispatch(Forwarded.of(request, request.getInputStream().readAllBytes()))).writeTo(response);
    }

    private static LaneAnswer answer(WorkerAnswer answer) {
        return new LaneAnswer(HttpServletResponse.SC_OK, InvocationWire.CONTENT_TYPE, answer.headers(), answer.body());
    }
}
