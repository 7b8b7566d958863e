package dev.wasmfaas.server.compile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.wasmfaas.common.contract.Language;

/**
 * A clang that targets wasm32-wasi: a wasi-sdk (preferred: it brings its own sysroot) or the
 * system's clang with Debian's wasi-libc and compiler-rt for wasm32 (and libc++ for C++).
 *
 * @param clang the compiler driver ({@code clang} for C, {@code clang++} for C++)
 * @param flags flags every compilation needs (the sysroot of a wasi-sdk)
 * @param origin where it was found, for messages
 */
public record ClangToolchain(Path clang, List<String> flags, String origin) {

    static final String INSTALL_HINT = "install clang, lld, wasi-libc and libclang-rt-dev-wasm32 "
            + "(Debian/Ubuntu: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32), "
            + "or a wasi-sdk under $WASI_SDK_PATH or /opt/wasi-sdk";
    static final String CPP_INSTALL_HINT = "install clang, lld, wasi-libc, libclang-rt-dev-wasm32 and libc++-dev-wasm32 "
            + "(Debian/Ubuntu: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32 libc++-dev-wasm32), "
            + "or a wasi-sdk under $WASI_SDK_PATH or /opt/wasi-sdk";
    private static final Path SYSTEM_SYSROOT_LIB = Path.of("/usr/lib/wasm32-wasi");

    /** The C toolchain: the wasi-sdk at {@code configured}, {@code $WASI_SDK_PATH} or {@code /opt/wasi-sdk}, else the system clang. */
    public static Optional<ClangToolchain> detect(Path configured) {
        return detect(configured, Language.C);
    }

    /** The toolchain of C or C++, found as {@link #detect(Path)} says. */
    public static Optional<ClangToolchain> detect(Path configured, Language language) {
        boolean cpp = language == Language.CPP;
        String driver = cpp ? "clang++" : "clang";
        for (Path sdk : wasiSdks(configured)) {
            Path clang = sdk.resolve("bin").resolve(driver);
            if (Files.isExecutable(clang)) {
                return Optional.of(new ClangToolchain(clang,
                        List.of("--sysroot=" + sdk.resolve("share/wasi-sysroot")), "wasi-sdk " + sdk));
            }
        }
        List<String> libraries = cpp ? List.of("libc.a", "libc++.a", "libc++abi.a") : List.of("libc.a");
        if (!libraries.stream().allMatch(library -> Files.isRegularFile(SYSTEM_SYSROOT_LIB.resolve(library)))) {
            return Optional.empty();
        }
        return onPath(driver).map(clang -> new ClangToolchain(clang, List.of(),
                cpp ? "system clang++ with wasi-libc and libc++" : "system clang with wasi-libc"));
    }

    static String installHint(Language language) {
        return language == Language.CPP ? CPP_INSTALL_HINT : INSTALL_HINT;
    }

    /** What {@code clang --version} says first ({@code Debian clang version 14.0.6}). */
    Optional<String> version() {
        return InstalledTools.firstLine(List.of(clang.toString(), "--version"));
    }

    static Optional<Path> onPath(String name) {
        return InstalledTools.candidates(name).stream().findFirst();
    }

    private static List<Path> wasiSdks(Path configured) {
        List<Path> sdks = new ArrayList<>();
        if (configured != null) {
            sdks.add(configured);
        }
        String env = System.getenv("WASI_SDK_PATH");
        if (env != null && !env.isBlank()) {
            sdks.add(Path.of(env));
        }
        sdks.add(Path.of("/opt/wasi-sdk"));
        return sdks;
    }
}
