package dev.wasmfaas.common.lane;

import java.util.ArrayList;
import java.util.List;

import dev.wasmfaas.common.contract.InvocationWire;

/**
 * A request as the lane read it.
 *
 * @param method the request method
 * @param path the target's path, still percent-encoded
 * @param query the target's query, still percent-encoded, or null
 * @param headers name and value of every header, in their order, names as sent
 * @param body the whole body
 */
public record LaneRequest(String method, String path, String query, List<String[]> headers, byte[] body)
        implements InvocationWire.Headers {

    @Override
    public String first(String name) {
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                return header[1];
            }
        }
        return null;
    }

    @Override
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(1);
        for (String[] header : headers) {
            if (header[0].equalsIgnoreCase(name)) {
                values.add(header[1]);
            }
        }
        return values;
    }
}
