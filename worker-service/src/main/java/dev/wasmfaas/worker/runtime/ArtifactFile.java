package dev.wasmfaas.worker.runtime;

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

/** The file a request names as its artifact (a script, a page), read only when its SHA-256 is the expected one. */
public final class ArtifactFile {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-fA-F]{64}");

    private ArtifactFile() {
    }

    /** The artifact's bytes; {@code function-not-found} when it is gone, {@code internal} when it changed. */
    public static byte[] read(String artifact, String digest) {
        if (digest == null || !SHA_256.matcher(digest).matches()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "digest must be the SHA-256 of the artifact, in hex");
        }
        Path path = path(artifact);
        byte[] bytes;
        try {
            // A FIFO or a device would block or never end: an artifact is a stored file.
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "the artifact " + artifact + " is not a regular file");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException ex) {
            throw new FaasException(ErrorKind.FUNCTION_NOT_FOUND, "the artifact " + artifact + " does not exist");
        } catch (IOException ex) {
            throw new FaasException(ErrorKind.INTERNAL, "cannot read the artifact " + artifact + ": " + ex);
        }
        String actual = sha256(bytes);
        if (!actual.equals(digest.toLowerCase(Locale.ROOT))) {
            throw new FaasException(ErrorKind.INTERNAL,
                    "the artifact " + artifact + " has SHA-256 " + actual + ", not the expected " + digest);
        }
        return bytes;
    }

    /** The artifact as an absolute, normalized path; {@code bad-request} for anything else. */
    public static Path path(String artifact) {
        try {
            Path path = artifact == null ? null : Path.of(artifact);
            if (path != null && path.isAbsolute()) {
                return path.normalize();
            }
        } catch (InvalidPathException ex) {
            // answered below like any other unusable path
        }
        throw new FaasException(ErrorKind.BAD_REQUEST, "artifact must be an absolute path");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }
}
