package dev.wasmfaas.server.compile;

/**
 * What an external command did.
 *
 * @param exitCode its exit code
 * @param output its stdout and stderr, interleaved, cut at a cap
 */
public record CommandResult(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }
}
