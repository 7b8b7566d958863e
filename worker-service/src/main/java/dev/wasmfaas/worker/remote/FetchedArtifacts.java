package dev.wasmfaas.worker.remote;

import java.nio.file.Path;

import dev.wasmfaas.worker.runtime.FunctionRuntime;

/**
 * A remote worker's artifacts: an invocation's artifact (a module, a script, a page) comes from the server by
 * its SHA-256, checked, and is kept on this host's disk; the runtime of its language runs that copy, WebAssembly
 * modules being compiled here, since the server's compilation cache is on another host. A worker beside the
 * server has no such step: it reads the path the invocation names.
 */
public final class FetchedArtifacts {

    private final ModuleDisk disk;
    private final ModuleSource source;

    FetchedArtifacts(ModuleDisk disk, ModuleSource source) {
        this.disk = disk;
        this.source = source;
    }

    /** The runtime that runs each invocation on the fetched copy of its artifact. */
    public FunctionRuntime around(FunctionRuntime runtime) {
        return request -> runtime.run(request.withArtifact(path(request.digest()).toString()));
    }

    Path path(String digest) {
        return disk.get(digest, source::fetch);
    }
}
