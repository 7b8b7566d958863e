package dev.wasmfaas.server.invocation;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /invoke?fn=<id or name>} and {@code POST /function/{name}}: the body is the function's stdin. */
@RestController
class InvocationController {

    private final InvocationService invocations;

    InvocationController(InvocationService invocations) {
        this.invocations = invocations;
    }

    @PostMapping(path = "/invoke", produces = MediaType.APPLICATION_JSON_VALUE)
    InvokeResponse invoke(@RequestParam(required = false) String fn, @RequestBody(required = false) byte[] input) {
        return invocations.invoke(fn, input == null ? new byte[0] : input);
    }

    /** Invoke by name, as OpenFaaS does: {@code POST /function/hello}. */
    @PostMapping(path = "/function/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    InvokeResponse invokeByName(@PathVariable String name, @RequestBody(required = false) byte[] input) {
        return invocations.invoke(name, input == null ? new byte[0] : input);
    }
}
