package dev.wasmfaas.balancer.invocation;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;

/** The server sends every invocation here; the answer is the chosen worker's. */
@RestController
class InvocationController {

    private final InvocationDispatcher dispatcher;

    InvocationController(InvocationDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @PostMapping("/invoke")
    InvocationResult invoke(@RequestBody InvocationRequest request) {
        return dispatcher.dispatch(request);
    }
}
