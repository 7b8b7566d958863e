package dev.wasmfaas.server.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A rustc whose sysroot has the standard library for WASI preview 1: a rustup toolchain with
 * {@code wasm32-wasip1} or {@code wasm32-wasi} installed is preferred, else any rustc on the PATH
 * (or Debian's {@code /usr/bin/rustc}) that has one. The first rustc on the PATH often has no wasm target.
 *
 * @param rustc the compiler
 * @param target the WASI target it has ({@code wasm32-wasip1}, or {@code wasm32-wasi} before Rust 1.78)
 * @param origin where it was found, for messages
 */
public record RustToolchain(Path rustc, String target, String origin) {

    static final String INSTALL_HINT = "install rustc, libstd-rust-dev-wasm32 and lld "
            + "(Debian/Ubuntu: apt-get install rustc libstd-rust-dev-wasm32 lld), "
            + "or add the target to a rustup toolchain (rustup target add wasm32-wasip1)";
    // newest name first: wasm32-wasi was renamed wasm32-wasip1 and later removed
    static final List<String> TARGETS = List.of("wasm32-wasip1", "wasm32-wasi");

    public static Optional<RustToolchain> detect() {
        for (Path toolchain : rustupToolchains()) {
            Optional<String> target = targetIn(toolchain);
            Path rustc = toolchain.resolve("bin/rustc");
            if (target.isPresent() && Files.isExecutable(rustc)) {
                return Optional.of(new RustToolchain(rustc, target.get(), "rustup toolchain " + toolchain.getFileName()));
            }
        }
        for (Path rustc : InstalledTools.candidates("rustc", Path.of("/usr/bin/rustc"), Path.of("/usr/local/bin/rustc"))) {
            Optional<Path> sysroot = InstalledTools.firstLine(List.of(rustc.toString(), "--print", "sysroot")).map(Path::of);
            Optional<String> target = sysroot.flatMap(RustToolchain::targetIn);
            if (target.isPresent()) {
                // the sysroot's own rustc, not a rustup proxy that a rust-toolchain file could redirect
                Path own = sysroot.get().resolve("bin/rustc");
                Path chosen = Files.isExecutable(own) ? own : rustc;
                return Optional.of(new RustToolchain(chosen, target.get(), "rustc " + chosen));
            }
        }
        return Optional.empty();
    }

    /** What {@code rustc --version} says ({@code rustc 1.63.0}). */
    Optional<String> version() {
        return InstalledTools.firstLine(List.of(rustc.toString(), "--version"));
    }

    static Optional<String> targetIn(Path sysroot) {
        return TARGETS.stream().filter(t -> Files.isDirectory(sysroot.resolve("lib/rustlib").resolve(t).resolve("lib")))
                .findFirst();
    }

    // The stable toolchain first, then the others by name: a nightly is a last resort.
    private static List<Path> rustupToolchains() {
        String home = System.getenv("RUSTUP_HOME");
        Path toolchains = (home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".rustup")).resolve("toolchains");
        if (!Files.isDirectory(toolchains)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(toolchains)) {
            List<Path> found = new ArrayList<>(entries.filter(Files::isDirectory).toList());
            found.sort(Comparator.comparing((Path p) -> !p.getFileName().toString().startsWith("stable"))
                    .thenComparing(p -> p.getFileName().toString().startsWith("nightly"))
                    .thenComparing(p -> p.getFileName().toString()));
            return found;
        } catch (IOException ex) {
            return List.of();
        }
    }
}
