package dev.wasmfaas.server.compile;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.wasmfaas.common.error.FaasException;

/**
 * Finds executables and asks them about themselves ({@code --version}, {@code --print sysroot}).
 * Answers are kept per executable and its modification time: asked once, yet an upgrade in place is seen.
 */
public final class InstalledTools {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    // the root: no rust-toolchain.toml or .python-version above it to steer a rustup or pyenv shim
    private static final Path PROBE_DIR = Path.of("/");
    private static final Map<Probe, Optional<String>> ANSWERS = new ConcurrentHashMap<>();

    private InstalledTools() {
    }

    /** Every executable called {@code name} on the PATH, in PATH order, then {@code fallbacks}, without repeats. */
    public static List<Path> candidates(String name, Path... fallbacks) {
        Set<Path> found = new LinkedHashSet<>();
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                found.add(Path.of(dir, name));
            }
        }
        found.addAll(List.of(fallbacks));
        return new ArrayList<>(found.stream().filter(Files::isExecutable).toList());
    }

    /** The first line {@code command} prints when it succeeds, e.g. its version. */
    public static Optional<String> firstLine(List<String> command) {
        return output(command).map(text -> text.strip().lines().findFirst().orElse("").strip())
                .filter(line -> !line.isEmpty());
    }

    /** What {@code command} prints when it exits with 0, asked once per version of its executable. */
    public static Optional<String> output(List<String> command) {
        Path executable = Path.of(command.getFirst());
        long modified;
        try {
            modified = Files.getLastModifiedTime(executable).toMillis();
        } catch (IOException ex) {
            return Optional.empty();
        }
        Probe probe = new Probe(List.copyOf(command), modified);
        Optional<String> known = ANSWERS.get(probe);
        if (known != null) {
            return known;
        }
        Optional<String> answer;
        try {
            CommandResult result = CommandRunner.run(command, PROBE_DIR, PROBE_TIMEOUT);
            answer = result.succeeded() ? Optional.of(result.output()) : Optional.empty();
        } catch (UncheckedIOException ex) {
            answer = Optional.empty();
        } catch (FaasException ex) {
            // a timeout on a busy machine is not remembered: the next look may succeed
            return Optional.empty();
        }
        ANSWERS.put(probe, answer);
        return answer;
    }

    /** Forgets every answer: the next question of each tool runs it again. */
    public static void forget() {
        ANSWERS.clear();
    }

    private record Probe(List<String> command, long modified) {
    }
}
