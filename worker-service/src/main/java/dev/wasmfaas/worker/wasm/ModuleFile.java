package dev.wasmfaas.worker.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** A module file on disk, read only when its SHA-256 is the one the request names. */
final class ModuleFile {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-fA-F]{64}");

    private ModuleFile() {
    }

    /** The request's digest as a cache key (lower-case hex), or {@code bad-request} when it is not a SHA-256. */
    static String key(String digest) {
        if (digest == null || !SHA_256.matcher(digest).matches()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "digest must be the SHA-256 of the module, in hex");
        }
        return digest.toLowerCase(Locale.ROOT);
    }

    static byte[] read(String artifact, String digest) {
        Path path = absolutePath(artifact);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException ex) {
            throw new FaasException(ErrorKind.FUNCTION_NOT_FOUND, "the module file " + artifact + " does not exist");
        } catch (IOException ex) {
            throw new FaasException(ErrorKind.INTERNAL, "cannot read the module file " + artifact + ": " + ex);
        }
        String actual = sha256(bytes);
        if (!actual.equals(key(digest))) {
            throw new FaasException(ErrorKind.INTERNAL,
                    "the module file " + artifact + " has SHA-256 " + actual + ", not the expected " + digest);
        }
        return bytes;
    }

    private static Path absolutePath(String artifact) {
        try {
            Path path = artifact == null ? null : Path.of(artifact);
            if (path != null && path.isAbsolute()) {
                return path;
            }
        } catch (InvalidPathException ex) {
            // answered below like any other unusable path
        }
        throw new FaasException(ErrorKind.BAD_REQUEST, "artifact must be the absolute path of the module");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }
}
