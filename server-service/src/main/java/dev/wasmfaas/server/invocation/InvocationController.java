package dev.wasmfaas.server.invocation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import dev.wasmfaas.common.http.QueryString;
import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneAnswer;
import dev.wasmfaas.common.lane.LaneRequest;

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

    /**
     * The call as the invocation lane serves it, for the gateway's {@code POST /invoke} that accepts JSON:
     * the same answers, problems included, as the route below.
     */
    LaneAnswer invoke(LaneRequest request) {
        if (!InvocationLane.acceptsJson(String.join(",", request.all(HttpHeaders.ACCEPT)))) {
            // The gateway sends such a request to the servlet container, which answers it as Spring MVC does.
            return LaneAnswer.refusal(HttpServletResponse.SC_NOT_ACCEPTABLE, ErrorKind.BAD_REQUEST,
                    "the answer is application/json, which the request does not accept", request.path());
        }
        Map<String, List<String>> query = QueryString.parse(request.query());
        String fn = first(query, "fn");
        try {
            return isAsync(first(query, "async")) ? accepted(invocations.submit(fn, request.body()))
                    : completed(invocations.invoke(fn, request.body()));
        } catch (ActivationProblemException ex) {
            LaneAnswer problem = LaneAnswer.problem(ex.problem(), request.path());
            List<String[]> headers = new ArrayList<>(problem.headers());
            headers.add(new String[] {ActivationId.HEADER, ex.activationId()});
            return new LaneAnswer(problem.status(), problem.contentType(), headers, problem.body());
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // The query and body are read from the request itself, and the answer written to it: on the path of every
    // invocation, Spring's argument and return-value handling cost more than the rest of the call. RawBodyFilter
    // has read the body already, and parameters come from the query string only. InvocationRouteConfiguration
    // also serves this method ahead of Spring MVC.
    @PostMapping(path = "/invoke", produces = MediaType.APPLICATION_JSON_VALUE)
    void invoke(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String fn = request.getParameter("fn");
        byte[] input = request.getInputStream().readAllBytes();
        (isAsync(request.getParameter("async")) ? accepted(invocations.submit(fn, input))
                : completed(invocations.invoke(fn, input))).writeTo(response);
    }

    /** Invoke by name, as OpenFaaS does: {@code POST /function/hello}. */
    @PostMapping(path = "/function/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    void invokeByName(@PathVariable String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        completed(invocations.invoke(name, request.getInputStream().readAllBytes())).writeTo(response);
    }

    /** Invoke by name in the background, as OpenFaaS does: {@code POST /async-function/hello}. */
    @PostMapping(path = "/async-function/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    void invokeByNameAsync(@PathVariable String name, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        accepted(invocations.submit(name, request.getInputStream().readAllBytes())).writeTo(response);
    }

    // Written by the controller rather than returned: on the path of every invocation, Spring's return-value
    // handling (choosing a converter for the accepted types) cost more than serializing the answer.
    private LaneAnswer completed(InvokeResponse answer) {
        return new LaneAnswer(HttpServletResponse.SC_OK, MediaType.APPLICATION_JSON_VALUE,
                List.<String[]>of(new String[] {ActivationId.HEADER, answer.activationId()}), json.writeValueAsBytes(answer));
    }

    private LaneAnswer accepted(AsyncInvokeResponse answer) {
        return new LaneAnswer(HttpServletResponse.SC_ACCEPTED, MediaType.APPLICATION_JSON_VALUE, List.<String[]>of(
                new String[] {HttpHeaders.LOCATION, "/activations/" + answer.activationId()},
                new String[] {ActivationId.HEADER, answer.activationId()}), json.writeValueAsBytes(answer));
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
