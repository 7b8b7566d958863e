package dev.wasmfaas.common.contract;

import java.util.List;
import java.util.Map;

/**
 * One invocation, as the server sends it to the balancer and the balancer to a worker.
 *
 * @param activationId unique id of this invocation
 * @param functionId the id of the function version ({@code hello_3})
 * @param name the function's name, also its {@code argv[0]}
 * @param lang the function's language id
 * @param artifact absolute path of what the worker runs (the compiled module for WASM languages)
 * @param digest SHA-256 of the artifact, the key of the workers' module cache
 * @param input the function's stdin
 * @param args arguments after {@code argv[0]}
 * @param env environment variables
 * @param limits what the invocation may use
 */
public record InvocationRequest(
        String activationId,
        String functionId,
        String name,
        String lang,
        String artifact,
        String digest,
        byte[] input,
        List<String> args,
        Map<String, String> env,
        Limits limits) {

    public InvocationRequest {
        input = input == null ? new byte[0] : input;
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        limits = limits == null ? Limits.DEFAULTS : limits;
    }

    /** The same invocation, its artifact at another path (a remote worker's own copy of it). */
    public InvocationRequest withArtifact(String path) {
        return new InvocationRequest(activationId, functionId, name, lang, path, digest, input, args, env, limits);
    }
}
