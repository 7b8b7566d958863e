package dev.wasmfaas.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * What a suite has stored, to compare before and after: every file under its functions directory
 * (relative path and SHA-256), and what the API says of it (the listing without its counters, and
 * each function's source).
 */
record StoredState(Map<String, String> files, List<String> listing, Map<String, String> sources) {

    /** Only the files: cheap enough to compare after every request. */
    static Map<String, String> files(Path functionsDir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(functionsDir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(functionsDir.relativize(file).toString(), sha256(Files.readAllBytes(file)));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return files;
    }

    static StoredState of(Suite suite, Api api) throws Exception {
        JsonNode functions = Api.okJsonWithoutOk(api.get("/functions"));
        List<String> listing = new ArrayList<>();
        Map<String, String> sources = new TreeMap<>();
        for (JsonNode function : functions) {
            String name = function.get("name").asString();
            // Invocation counters move with every call: compare what is stored, not what is counted.
            listing.add(name + " " + function.get("id").asString() + " " + function.get("lang").asString() + " v"
                    + function.get("version").asInt() + " " + function.get("size").asLong() + " "
                    + function.get("updatedAt").asString());
            var source = api.get("/function/" + name);
            if (source.statusCode() != 200) {
                throw new IllegalStateException("GET /function/" + name + " answered " + source.statusCode());
            }
            sources.put(name, sha256(source.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return new StoredState(files(suite.functionsDir), List.copyOf(listing), Map.copyOf(sources));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
