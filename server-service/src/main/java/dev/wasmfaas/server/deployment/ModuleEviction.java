package dev.wasmfaas.server.deployment;

import java.util.List;

import dev.wasmfaas.server.function.FunctionMetadata;

/** Drops the compiled modules of removed versions from the workers' caches. */
public interface ModuleEviction {

    /** Best effort: a worker that cannot be told evicts the module by age anyway. */
    void evict(List<FunctionMetadata> removed);
}
