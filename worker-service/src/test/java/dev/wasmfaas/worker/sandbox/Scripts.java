package dev.wasmfaas.worker.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.worker.WorkerProperties;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Script functions stored as the server stores them ({@code functions/<id>/source.<ext>}), and their requests. */
final class Scripts {

    static final WorkerProperties.Sandbox DEFAULTS = new WorkerProperties.Sandbox("bwrap", "node", "python3", "php",
            64, 16, true);

    private Scripts() {
    }

    /** One function in each script language. */
    record Sources(String js, String python, String php) {

        String of(String lang) {
            return switch (lang) {
                case "js" -> js;
                case "python" -> python;
                case "php" -> php;
                default -> throw new IllegalArgumentException(lang);
            };
        }
    }

    /** A stored script with its SHA-256. */
    record Script(String name, String lang, Path file, String digest) {

        InvocationRequest request(String input) {
            return request(input, List.of(), Map.of(), Limits.DEFAULTS);
        }

        InvocationRequest request(String input, Limits limits) {
            return request(input, List.of(), Map.of(), limits);
        }

        InvocationRequest request(String input, List<String> args, Map<String, String> env, Limits limits) {
            return new InvocationRequest(UUID.randomUUID().toString(), name + "_1", name, lang, file.toString(), digest,
                    input.getBytes(StandardCharsets.UTF_8), args, env, limits);
        }
    }

    /** Skips the test when bubblewrap is not installed. */
    static void assumeBubblewrap() {
        assumeTrue(HostPrograms.find("bwrap").isPresent(), "bubblewrap (bwrap) is not installed");
    }

    /** Stores the function; skips the test when the language's interpreter is not installed. */
    static Script store(Path functions, String lang, String name, String source) {
        Interpreter interpreter = Interpreter.of(Language.fromId(lang).orElseThrow()).orElseThrow();
        String command = interpreter.configured(DEFAULTS);
        assumeTrue(HostPrograms.find(command).isPresent(), command + " is not installed");
        try {
            Path dir = Files.createDirectories(functions.resolve(name + "_1"));
            Path file = Files.writeString(dir.resolve("source." + Language.fromId(lang).orElseThrow().extension()),
                    source);
            return new Script(name, lang, file, sha256(Files.readAllBytes(file)));
        } catch (IOException ex) {
            throw new IllegalStateException("cannot store " + name, ex);
        }
    }

    /** How many processes still run with {@code text} in their command line, after waiting up to 5 s for none. */
    static long processesRunning(String text) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        long count;
        do {
            count = ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                    .filter(line -> line.contains(text)).isPresent()).count();
        } while (count > 0 && System.nanoTime() < deadline && pause());
        return count;
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
