package dev.wasmfaas.worker.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a program of the host: a path as given, or a name in {@code /usr/bin} first and then on the
 * PATH (a pyenv or nvm shim first on the PATH is not what the sandbox can run). Answers the real path:
 * {@code /usr/bin/php} is a link through {@code /etc/alternatives}, which the sandbox does not show.
 */
final class HostPrograms {

    private HostPrograms() {
    }

    static Optional<Path> find(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            return Optional.empty();
        }
        for (Path candidate : candidates(nameOrPath.strip())) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                try {
                    return Optional.of(candidate.toRealPath());
                } catch (IOException ex) {
                    // vanished or unreadable: try the next one
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates(String nameOrPath) {
        List<Path> candidates = new ArrayList<>();
        try {
            if (nameOrPath.indexOf('/') >= 0) {
                candidates.add(Path.of(nameOrPath));
                return candidates;
            }
            candidates.add(Path.of("/usr/bin", nameOrPath));
            String path = System.getenv("PATH");
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, nameOrPath));
                }
            }
        } catch (InvalidPathException ex) {
            // a configured value that is no path at all finds nothing
        }
        return candidates;
    }
}
