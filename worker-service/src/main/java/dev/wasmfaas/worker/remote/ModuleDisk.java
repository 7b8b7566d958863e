package dev.wasmfaas.worker.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * Artifacts fetched from the server, one file per SHA-256 in a directory of mode 0700, kept within a size, the
 * least recently used removed first. A file is written under a temporary name and renamed once its digest is
 * checked, so a file under a digest's name always has that digest. An artifact missed by many invocations at
 * once is fetched once. Files left by an earlier run are kept when their digest is right.
 */
final class ModuleDisk {

    private static final Logger log = LoggerFactory.getLogger(ModuleDisk.class);
    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final long maxBytes;
    private final LinkedHashMap<String, Long> sizes = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<Path>> fetching = new ConcurrentHashMap<>();
    private long total;

    ModuleDisk(Path dir, long maxBytes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(this.dir);
            Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwx------"));
            try (var files = Files.list(this.dir)) {
                for (Path file : files.toList()) {
                    keepIfIntact(file);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot use " + this.dir + " for fetched modules", ex);
        }
    }

    Path dir() {
        return dir;
    }

    /** The file of this digest, fetched with {@code fetch} when it is not on disk. */
    Path get(String digest, Function<String, byte[]> fetch) {
        String key = key(digest);
        synchronized (this) {
            if (sizes.get(key) != null) {
                return dir.resolve(key);
            }
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = fetching.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            mine.complete(store(key, fetch.apply(key)));
        } catch (RuntimeException | Error ex) {
            mine.completeExceptionally(ex);
        } finally {
            fetching.remove(key, mine);
        }
        return await(mine);
    }

    synchronized long totalBytes() {
        return total;
    }

    synchronized boolean holds(String digest) {
        return sizes.containsKey(key(digest));
    }

    private Path store(String key, byte[] bytes) {
        String actual = sha256(bytes);
        if (!actual.equals(key)) {
            throw new FaasException(ErrorKind.INTERNAL, "the module fetched as " + key + " has SHA-256 " + actual
                    + ": refused");
        }
        Path target = dir.resolve(key);
        try {
            Path temporary = Files.createTempFile(dir, key, ".part");
            Files.write(temporary, bytes);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ex) {
            throw new FaasException(ErrorKind.INTERNAL, "cannot keep the module " + key + " in " + dir + ": " + ex);
        }
        synchronized (this) {
            sizes.put(key, (long) bytes.length);
            total += bytes.length;
            evictOver(key);
        }
        log.info("fetched module {} ({} bytes); {} bytes on disk", key.substring(0, 12), bytes.length, total);
        return target;
    }

    // The newest file stays even alone over the limit: the invocation that fetched it needs it.
    private void evictOver(String newest) {
        Iterator<Map.Entry<String, Long>> eldest = sizes.entrySet().iterator();
        while (total > maxBytes && eldest.hasNext()) {
            Map.Entry<String, Long> entry = eldest.next();
            if (entry.getKey().equals(newest)) {
                continue;
            }
            eldest.remove();
            total -= entry.getValue();
            try {
                Files.deleteIfExists(dir.resolve(entry.getKey()));
            } catch (IOException ex) {
                log.warn("cannot remove the fetched module {}: {}", entry.getKey(), ex.toString());
            }
        }
    }

    private void keepIfIntact(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (SHA_256.matcher(name).matches() && Files.isRegularFile(file) && sha256(Files.readAllBytes(file)).equals(name)) {
            long size = Files.size(file);
            sizes.put(name, size);
            total += size;
        } else {
            Files.deleteIfExists(file);
        }
    }

    static String key(String digest) {
        String key = digest == null ? "" : digest.toLowerCase(Locale.ROOT);
        if (!SHA_256.matcher(key).matches()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "digest must be the SHA-256 of the artifact, in hex");
        }
        return key;
    }

    private static Path await(CompletableFuture<Path> fetch) {
        try {
            return fetch.join();
        } catch (CompletionException ex) {
            switch (ex.getCause()) {
                case RuntimeException cause -> throw cause;
                case Error cause -> throw cause;
                default -> throw ex;
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }
}
