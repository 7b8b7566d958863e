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

    /** A request of the servlet container. */
    static Forwarded of(HttpServletRequest request, byte[] body) {
        List<String[]> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(new String[] {name, value});
            }
        }
        return of(headers, body);
    }

    /**
     * @param headers every header of the request, name and value, in their order
     * @throws FaasException {@code bad-request} when the request lacks what every invocation carries
     */
    static Forwarded of(List<String[]> headers, byte[] body) {
        List<String[]> forwarded = new ArrayList<>(headers.size());
        String activationId = null;
        String maxOutput = null;
        boolean timeout = false;
        for (String[] header : headers) {
            String name = header[0].toLowerCase(Locale.ROOT);
            if (name.startsWith(PREFIX)) {
                forwarded.add(header);
                if (activationId == null && name.equalsIgnoreCase(InvocationWire.ACTIVATION_ID)) {
                    activationId = header[1];
                } else if (maxOutput == null && name.equalsIgnoreCase(InvocationWire.MAX_OUTPUT_BYTES)) {
                    maxOutput = header[1];
                } else if (name.equalsIgnoreCase(InvocationWire.TIMEOUT_MS)) {
                    timeout = true;
                }
            }
        }
        if (activationId == null || maxOutput == null || !timeout) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "an invocation carries " + InvocationWire.ACTIVATION_ID
                    + ", " + InvocationWire.TIMEOUT_MS + " and " + InvocationWire.MAX_OUTPUT_BYTES);
        }
        try {
            return new Forwarded(activationId, forwarded, body, Integer.parseInt(maxOutput.trim()));
        } catch (NumberFormatException ex) {
            throw new FaasException(ErrorKind.BAD_REQUEST, InvocationWire.MAX_OUTPUT_BYTES + " is a number");
        }
    }
}
