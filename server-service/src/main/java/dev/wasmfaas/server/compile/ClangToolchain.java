package dev.wasmfaas.server.compile;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A clang that targets wasm32-wasi: a wasi-sdk (preferred: it brings its own sysroot) or the
 * system's clang with Debian's wasi-libc and compiler-rt for wasm32.
 *
 * @param clang the C compiler
 * @param flags flags every compilation needs (the sysroot of a wasi-sdk)
 * @param origin where it was found, for messages
 */
public record ClangToolchain(Path clang, List<String> flags, String origin) {

    static final String INSTALL_HINT = "install clang, lld, wasi-libc and libclang-rt-dev-wasm32 "
            + "(Debian/Ubuntu: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32), "
            + "or a wasi-sdk under $WASI_SDK_PATH or /opt/wasi-sdk";
    private static final Path SYSTEM_WASI_LIBC = Path.of("/usr/lib/wasm32-wasi/libc.a");

    /** The wasi-sdk at {@code configured}, {@code $WASI_SDK_PATH} or {@code /opt/wasi-sdk}, else the system clang. */
    public static Optional<ClangToolchain> detect(Path configured) {
        List<Path> sdks = new ArrayList<>();
        if (configured != null) {
            sdks.add(configured);
        }
        String env = System.getenv("WASI_SDK_PATH");
        if (env != null && !env.isBlank()) {
            sdks.add(Path.of(env));
        }
        sdks.add(Path.of("/opt/wasi-sdk"));
        for (Path sdk : sdks) {
            Path clang = sdk.resolve("bin/clang");
            if (Files.isExecutable(clang)) {
                return Optional.of(new ClangToolchain(clang,
                        List.of("--sysroot=" + sdk.resolve("share/wasi-sysroot")), "wasi-sdk " + sdk));
            }
        }
        if (!Files.isRegularFile(SYSTEM_WASI_LIBC)) {
            return Optional.empty();
        }
        return onPath("clang").map(clang -> new ClangToolchain(clang, List.of(), "system clang with wasi-libc"));
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
