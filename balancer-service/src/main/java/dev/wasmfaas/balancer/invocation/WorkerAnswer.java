package dev.wasmfaas.balancer.invocation;

import java.util.List;

/**
 * A worker's answer to an invocation, passed back to the server as it came.
 *
 * @param headers the worker's {@code Faas-*} headers, name and value in their order
 * @param body stdout then stderr
 */
record WorkerAnswer(List<String[]> headers, byte[] body) {
}
