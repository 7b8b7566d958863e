package dev.wasmfaas.worker;

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
import java.util.concurrent.TimeUnit;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.Limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real WASI modules for tests: C compiled by the machine's clang, or WebAssembly text. */
public final class WasmModules {

    public static final String HELLO = """
            #include <stdio.h>
            int main(void) {
                printf("Hello from FAAS!\\n");
                char buf[4096];
                size_t n;
                while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
                    fwrite(buf, 1, n, stdout);
                }
                return 0;
            }
            """;

    private WasmModules() {
    }

    /** A module file with its SHA-256, as the server hands it to a worker. */
    public record WasmModule(String name, Path file, String digest) {

        public InvocationRequest request(String input) {
            return request(input.getBytes(StandardCharsets.UTF_8), List.of(), Map.of(), Limits.DEFAULTS);
        }

        public InvocationRequest request(String input, Limits limits) {
            return request(input.getBytes(StandardCharsets.UTF_8), List.of(), Map.of(), limits);
        }

        public InvocationRequest request(byte[] input, List<String> args, Map<String, String> env, Limits limits) {
            return new InvocationRequest(UUID.randomUUID().toString(), name + "_1", name, "c", file.toString(), digest,
                    input, args, env, limits);
        }
    }

    /** Compiles C with {@code clang --target=wasm32-wasi -O2}; the test is skipped when clang is absent. */
    public static WasmModule compileC(Path dir, String name, String source) {
        assumeTrue(clangAvailable(), "clang is not installed");
        try {
            Path c = Files.writeString(dir.resolve(name + ".c"), source);
            Path wasm = dir.resolve(name + ".wasm");
            Process clang = new ProcessBuilder("clang", "--target=wasm32-wasi", "-O2", "-o", wasm.toString(),
                    c.toString()).redirectErrorStream(true).start();
            String diagnostics = new String(clang.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(clang.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(clang.exitValue()).as("clang: %s", diagnostics).isZero();
            return module(name, wasm);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot compile " + name, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted compiling " + name, ex);
        }
    }

    /** A module written in WebAssembly text, which Wasmtime compiles as well as binary. */
    public static WasmModule wat(Path dir, String name, String text) throws IOException {
        return module(name, Files.writeString(dir.resolve(name + ".wat"), text));
    }

    private static WasmModule module(String name, Path file) throws IOException {
        return new WasmModule(name, file, sha256(Files.readAllBytes(file)));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static boolean clangAvailable() {
        try {
            Process probe = new ProcessBuilder("clang", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
