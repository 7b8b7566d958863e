package dev.wasmfaas.common.lane;

import dev.wasmfaas.common.http.Endpoint;

/**
 * Where a caller sends a service's invocations: its lane once found listening, its own endpoint until
 * then. A lane's socket keeps its path across the service's restarts, so once found it stays.
 */
public final class LaneEndpoint {

    private final Endpoint service;
    private volatile Endpoint lane;

    public LaneEndpoint(Endpoint service) {
        this.service = service;
    }

    public Endpoint get() {
        Endpoint found = lane;
        if (found == null) {
            found = InvocationLane.of(service);
            if (!found.equals(service)) {
                lane = found;
            }
        }
        return found;
    }
}
