package dev.wasmfaas.balancer.invocation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * An invocation as the balancer passes it on: the server's {@code Faas-*} headers and its body
 * (the function's stdin), untouched, and the two limits the balancer itself needs.
 *
 * @param activationId the invocation's id, for logs
 * @param headers the {@code Faas-*} headers, name and value in their order
 * @param body the function's stdin
 * @param maxOutputBytes the function's output cap, which bounds the worker's answer
 */
record Forwarded(String activationId, List<String[]> headers, byte[] body, int maxOutputBytes) {

    private static final String PREFIX = "faas-";

    /** @throws FaasException {@code bad-request} when the request lacks what every invocation carries */
    static Forwarded of(HttpServletRequest request, byte[] body) {
        List<String[]> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    headers.add(new String[] {name, value});
                }
            }
        }
        String activationId = request.getHeader(InvocationWire.ACTIVATION_ID);
        String maxOutput = request.getHeader(InvocationWire.MAX_OUTPUT_BYTES);
        if (activationId == null || maxOutput == null || request.getHeader(InvocationWire.TIMEOUT_MS) == null) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "an invocation carries " + InvocationWire.ACTIVATION_ID
                    + ", " + InvocationWire.TIMEOUT_MS + " and " + InvocationWire.MAX_OUTPUT_BYTES);
        }
        try {
            return new Forwarded(activationId, headers, body, Integer.parseInt(maxOutput.trim()));
        } catch (NumberFormatException ex) {
            throw new FaasException(ErrorKind.BAD_REQUEST, InvocationWire.MAX_OUTPUT_BYTES + " is a number");
        }
    }
}
