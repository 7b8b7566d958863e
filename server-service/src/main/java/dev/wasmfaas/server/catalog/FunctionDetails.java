package dev.wasmfaas.server.catalog;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /functions/{name}}: the function, its configuration and its versions.
 *
 * @param function the summary of the function
 * @param env its environment variables (newest version)
 * @param args its arguments after {@code argv[0]} (newest version)
 * @param limits the limits its invocations run under
 * @param versions every version, oldest first
 */
record FunctionDetails(FunctionSummary function, Map<String, String> env, List<String> args, LimitsView limits,
        List<VersionView> versions) {

    /**
     * One version.
     *
     * @param id its id, invocable as {@code fn=<id>}
     * @param version its number
     * @param createdAt when it was deployed
     * @param size its source's size
     * @param digest SHA-256 of what the worker runs
     * @param invocations its invocations since the server started
     */
    record VersionView(String id, int version, java.time.Instant createdAt, long size, String digest,
            long invocations) {
    }

    /**
     * The limits of an invocation.
     *
     * @param timeoutMs wall-clock time
     * @param memoryMb memory cap
     * @param maxOutputBytes cap on stdout plus stderr
     * @param stackKb the stack linked into the module, inside {@code memoryMb} (c, cpp and rust; {@code null} for
     *        the other languages and for versions built before the stack was the platform's to set)
     */
    record LimitsView(long timeoutMs, int memoryMb, int maxOutputBytes, Integer stackKb) {
    }
}
