package dev.wasmfaas.common.management;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One Prometheus file service discovery target: {@code <dir>/<instance>.json} holding
 * {@code [{"targets":["host:port"],"labels":{...}}]}. The file is written to a temporary name
 * and renamed, so Prometheus never reads half a file.
 */
public final class ScrapeTargetFile {

    private final Path file;
    private final Map<String, String> labels;

    /**
     * @param dir the directory Prometheus' {@code file_sd_configs} globs
     * @param instance the file's name, unique among the suite's processes ({@code balancer}, {@code worker-3})
     * @param labels labels of the target ({@code service}, and {@code worker} for a worker)
     */
    public ScrapeTargetFile(Path dir, String instance, Map<String, String> labels) {
        this.file = dir.toAbsolutePath().normalize().resolve(instance + ".json");
        this.labels = new TreeMap<>(labels);
    }

    public Path path() {
        return file;
    }

    public void write(String host, int port) {
        String json = "[{\"targets\":[" + quote(host + ":" + port) + "],\"labels\":{"
                + labels.entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                        .collect(Collectors.joining(","))
                + "}}]\n";
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(temporary, json, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the scrape target " + file, ex);
        }
    }

    /** Removes the file; answers whether there was one. */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException ex) {
            return false;
        }
    }

    // Ids and host names only: letters, digits, dots, dashes, colons; anything else is escaped.
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
