package dev.wasmfaas.common.lane;

/** What serves the lane's one route: a request in, the whole answer out. A failure thrown here becomes a problem. */
@FunctionalInterface
public interface LaneHandler {

    LaneAnswer handle(LaneRequest request) throws Exception;
}
