package dev.wasmfaas.server.deployment;

import dev.wasmfaas.server.function.FunctionMetadata;

/**
 * The answer to a deploy.
 *
 * @param ok always true
 * @param id the new version's id
 * @param name the function's name
 * @param lang its language
 * @param wasm whether it runs as a WebAssembly module
 */
record DeployResponse(boolean ok, String id, String name, String lang, boolean wasm) {

    static DeployResponse of(FunctionMetadata metadata) {
        return new DeployResponse(true, metadata.id(), metadata.name(), metadata.lang(), metadata.language().wasm());
    }
}
