package dev.wasmfaas.server.function;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.Language;

/**
 * One stored version of a function, as written in its {@code metadata.json}.
 *
 * @param id the version's id ({@code hello_3}), also its directory name
 * @param name the function's name
 * @param lang the language id
 * @param sequence the number in the id; a newer version has a larger one
 * @param createdAt when this version was deployed
 * @param sourceFile the source's file name in the directory
 * @param sourceBytes the source's size
 * @param artifactFile what the worker runs ({@code module.wasm}), in the directory
 * @param digest SHA-256 of the artifact
 * @param args arguments given to the function after its name
 * @param env environment variables of the function
 * @param limits the limits the function asked for ({@link LimitOverrides#NONE} when none)
 */
public record FunctionMetadata(
        String id,
        String name,
        String lang,
        long sequence,
        Instant createdAt,
        String sourceFile,
        long sourceBytes,
        String artifactFile,
        String digest,
        List<String> args,
        Map<String, String> env,
        LimitOverrides limits) {

    public FunctionMetadata {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        limits = limits == null ? LimitOverrides.NONE : limits;
    }

    public Language language() {
        return Language.fromId(lang).orElseThrow(() -> new IllegalStateException("unknown language " + lang));
    }
}
