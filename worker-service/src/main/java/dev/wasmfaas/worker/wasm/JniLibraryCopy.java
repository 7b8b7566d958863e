package dev.wasmfaas.worker.wasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of Wasmtime's JNI library that wasmtime-java 0.19 writes to the temporary directory. Its loader
 * extracts the library from the jar to a new temporary file at every start and never removes it: 18 MiB
 * left behind by every worker process the pool ever started (recycled, replaced, scaled). On Linux a file
 * stays mapped after it is unlinked, so once the library is loaded the worker removes its own copy.
 */
final class JniLibraryCopy {

    private static final Logger log = LoggerFactory.getLogger(JniLibraryCopy.class);
    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final String NAME = "libwasmtime_jni_";

    private JniLibraryCopy() {
    }

    /** Removes this process's extracted copy, if the library is loaded from one that still exists. */
    static void forget() {
        Optional<Path> copy = loadedFrom();
        if (copy.isEmpty()) {
            return;
        }
        try {
            Files.deleteIfExists(copy.get());
        } catch (IOException ex) {
            log.warn("could not remove the extracted Wasmtime library {}: {}", copy.get(), ex.toString());
        }
    }

    /** The temporary file this process mapped the library from, while it is still on disk. */
    static Optional<Path> loadedFrom() {
        if (!Files.isReadable(MAPS)) {
            return Optional.empty();
        }
        Path temporary = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        List<String> lines;
        try {
            lines = Files.readAllLines(MAPS);
        } catch (IOException ex) {
            return Optional.empty();
        }
        return lines.stream()
                .map(line -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')))
                .filter(file -> file.contains(NAME) && !file.endsWith(" (deleted)"))
                .map(Path::of)
                .filter(file -> temporary.equals(file.getParent()) && file.getFileName().toString().startsWith(NAME))
                .filter(Files::exists)
                .findFirst();
    }
}
