package dev.wasmfaas.server.invocation;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.ActivationId;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * {@code POST /invoke?fn=<id or name>[&async=true]}, {@code POST /function/{name}} and
 * {@code POST /async-function/{name}}: the body is the function's stdin. Every answer carries
 * {@code X-Activation-Id}; an asynchronous one is {@code 202} with the activation's {@code Location}.
 */
@RestController
class InvocationController {

    private final InvocationService invocations;
    private final JsonMapper json;

    InvocationController(InvocationService invocations, JsonMapper json) {
        this.invocations = invocations;
        this.json = json;
    }

    // The query and body are read from the request itself, and the answer written to it: on the path of every
    // invocation, Spring's argument and return-value handling cost more than the rest of the call. RawBodyFilter
    // has read the body already, and parameters come from the query string only. InvocationRouteConfiguration
    // also serves this method ahead of Spring MVC.
    @PostMapping(path = "/invoke", produces = MediaType.APPLICATION_JSON_VALUE)
    void invoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String fn = request.getParameter("fn");
        byte[] input = request.getInputStream().readAllBytes();
        if (isAsync(request.getParameter("async"))) {
            accepted(invocations.submit(fn, input), response);
            return;
        }
        completed(invocations.invoke(fn, input), response);
    }

    /** Invoke by name, as OpenFaaS does: {@code POST /function/hello}. */
    @PostMapping(path = "/function/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    void invokeByName(@PathVariable String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        completed(invocations.invoke(name, request.getInputStream().readAllBytes()), response);
    }

    /** Invoke by name in the background, as OpenFaaS does: {@code POST /async-function/hello}. */
    @PostMapping(path = "/async-function/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    void invokeByNameAsync(@PathVariable String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        accepted(invocations.submit(name, request.getInputStream().readAllBytes()), response);
    }

    // Written here rather than returned: on the path of every invocation, Spring's return-value handling
    // (choosing a converter for the accepted types) cost more than serializing the answer.
    private void completed(InvokeResponse answer, HttpServletResponse response) throws IOException {
        write(HttpServletResponse.SC_OK, answer.activationId(), json.writeValueAsBytes(answer), response);
    }

    private void accepted(AsyncInvokeResponse answer, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.LOCATION, "/activations/" + answer.activationId());
        write(HttpServletResponse.SC_ACCEPTED, answer.activationId(), json.writeValueAsBytes(answer), response);
    }

    private static void write(int status, String activationId, byte[] body, HttpServletResponse response)
            throws IOException {
        response.setStatus(status);
        response.setHeader(ActivationId.HEADER, activationId);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static boolean isAsync(String async) {
        if (async == null) {
            return false;
        }
        return switch (async.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new FaasException(ErrorKind.BAD_REQUEST, "async is true or false");
        };
    }
}
