package dev.wasmfaas.server.function;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.wasmfaas.server.config.ServerProperties;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The functions on disk: {@code functions/<id>/} holds the source, {@code metadata.json} and
 * the artifact. A version is assembled in {@code functions/.staging/} and appears under its id
 * by one atomic directory rename, so a crash never leaves a half-written function.
 */
@Component
public final class FunctionStore {

    static final String METADATA = "metadata.json";
    private static final String STAGING = ".staging";
    private static final Logger log = LoggerFactory.getLogger(FunctionStore.class);

    private final Path root;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public FunctionStore(ServerProperties properties) {
        this.root = properties.functionsDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root.resolve(STAGING));
            clearStaging();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare " + root, ex);
        }
    }

    public Path root() {
        return root;
    }

    /** A fresh private directory to assemble a version in. */
    public Path stage() {
        try {
            return Files.createDirectory(root.resolve(STAGING).resolve(UUID.randomUUID().toString()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes a file through a temporary sibling and a rename, flushed to disk first. */
    public void write(Path file, byte[] content) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        move(tmp, file);
    }

    public void writeMetadata(Path dir, FunctionMetadata metadata) {
        write(dir.resolve(METADATA), json.writeValueAsBytes(metadata));
    }

    /** Publishes a staged version under its id. */
    public Path commit(Path staged, String id) {
        Path target = root.resolve(id);
        if (Files.exists(target)) {
            throw new UncheckedIOException(new FileAlreadyExistsException(target.toString()));
        }
        move(staged, target);
        return target;
    }

    public void discard(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ex) {
            log.warn("cannot remove {}: {}", dir, ex.getMessage());
        }
    }

    /** Removes a published version: one atomic rename out of sight, then the files. */
    public void delete(FunctionMetadata metadata) {
        Path dir = directoryOf(metadata);
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = root.resolve(STAGING).resolve("deleted-" + UUID.randomUUID());
        move(dir, doomed);
        discard(doomed);
    }

    public Path directoryOf(FunctionMetadata metadata) {
        return root.resolve(metadata.id());
    }

    public byte[] readSource(FunctionMetadata metadata) {
        try {
            return Files.readAllBytes(directoryOf(metadata).resolve(metadata.sourceFile()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every complete version on disk; directories without metadata (examples, leftovers) are skipped. */
    public List<FunctionMetadata> loadAll() {
        List<FunctionMetadata> all = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path meta = dir.resolve(METADATA);
                if (!dir.getFileName().toString().startsWith(".") && Files.isRegularFile(meta)) {
                    read(meta, all);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot list " + root, ex);
        }
        return all;
    }

    private void read(Path meta, List<FunctionMetadata> into) {
        try {
            into.add(json.readValue(meta.toFile(), FunctionMetadata.class));
        } catch (RuntimeException ex) {
            log.error("skipping unreadable {}: {}", meta, ex.getMessage());
        }
    }

    private void clearStaging() throws IOException {
        try (Stream<Path> leftovers = Files.list(root.resolve(STAGING))) {
            leftovers.forEach(this::discard);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException ex) {
            throw new IllegalStateException("the functions directory must allow atomic renames", ex);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
