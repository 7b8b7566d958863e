package dev.wasmfaas.server.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * Tells a deploy that failed for want of space in the functions directory from other failures: a write that
 * met ENOSPC or a quota (the JDK's or a compiler's message says so), or a file system left with almost nothing
 * free. Such a failure is the operator's to fix, not the user's source: {@code 507 insufficient-storage}.
 */
final class StorageFull {

    /** Below this many free bytes the file system counts as full, whatever the failure said. */
    static final long NEARLY_FULL_BYTES = 64 * 1024;

    private static final String[] MESSAGES = {"No space left on device", "Disk quota exceeded"};

    private StorageFull() {
    }

    /** The failure as it is to be answered: a 507 problem when the disk was full, else unchanged. */
    static RuntimeException classify(RuntimeException failure, Path functionsDir) {
        long free = freeBytes(functionsDir);
        if (!saysFull(failure) && (free < 0 || free >= NEARLY_FULL_BYTES)) {
            return failure;
        }
        String space = free < 0 ? "" : " (" + free + " bytes free)";
        return new FaasException(ErrorKind.INSUFFICIENT_STORAGE, "the file system of the functions directory is full"
                + space + ": nothing of this deploy was stored; free some space and deploy again",
                free < 0 ? Map.of() : Map.of("freeBytes", free), failure);
    }

    private static boolean saysFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (mentionsFull(t.getMessage())) {
                return true;
            }
            // A compiler that could not write its output says so in its diagnostics.
            if (t instanceof FaasException faas && faas.properties().values().stream()
                    .anyMatch(v -> v instanceof String text && mentionsFull(text))) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsFull(String text) {
        if (text == null) {
            return false;
        }
        for (String message : MESSAGES) {
            if (text.contains(message)) {
                return true;
            }
        }
        return false;
    }

    private static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException ex) {
            return -1;
        }
    }
}
