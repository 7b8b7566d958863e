package dev.wasmfaas.common.contract;

/**
 * The server asks a worker to load a module ahead of its first run ({@code PUT /modules/{digest}}).
 *
 * @param artifact absolute path of the module file, whose SHA-256 is the digest in the path
 */
public record ModulePreparation(String artifact) {

    /**
     * What the worker did.
     *
     * @param digest the module's SHA-256
     * @param loaded whether it had to load the module now (false when it held it already)
     * @param millis how long loading took
     */
    public record Answer(String digest, boolean loaded, long millis) {
    }
}
