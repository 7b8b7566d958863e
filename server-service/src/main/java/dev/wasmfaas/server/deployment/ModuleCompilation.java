package dev.wasmfaas.server.deployment;

import java.nio.file.Path;

/**
 * Compiles a WebAssembly module with the workers' own engine at deploy, so that a module Wasmtime
 * refuses is refused then, and so that no worker compiles it again: the compiled code goes to the
 * workers' shared compilation cache, and the workers load it from there ahead of the first call.
 */
public interface ModuleCompilation {

    /**
     * Compiles the module in one worker; returns when it is compiled.
     *
     * @throws dev.wasmfaas.common.error.FaasException {@code compile-error} when Wasmtime refuses it
     */
    void compile(Path module, String digest);

    /** Best effort: every other worker loads the module from the cache; returns when they have, or soon after. */
    void warm(Path module, String digest);
}
