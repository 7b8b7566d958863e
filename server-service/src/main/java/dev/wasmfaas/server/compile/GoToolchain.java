package dev.wasmfaas.server.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Go compiler that makes WASI preview 1 modules: TinyGo (preferred: small modules that start fast,
 * as Spin and other wasm platforms use it), or Go 1.21 or newer ({@code GOOS=wasip1 GOARCH=wasm}).
 *
 * @param kind which compiler
 * @param executable the {@code tinygo} or {@code go} command
 * @param version what its {@code version} command says first
 */
public record GoToolchain(Kind kind, Path executable, String version) {

    static final String INSTALL_HINT = "install TinyGo (builds with tinygo build -target=wasi), or Go 1.21 or newer "
            + "(builds with GOOS=wasip1 GOARCH=wasm; Debian 12's golang-go is 1.19, too old: "
            + "take golang-1.21-go or newer from bookworm-backports)";
    private static final Pattern GO_VERSION = Pattern.compile("\\bgo(\\d+)\\.(\\d+)");
    private static final int[] FIRST_WITH_WASIP1 = {1, 21};

    public enum Kind { TINYGO, GO }

    public static Optional<GoToolchain> detect() {
        for (Path tinygo : InstalledTools.candidates("tinygo", Path.of("/usr/local/tinygo/bin/tinygo"))) {
            Optional<String> version = InstalledTools.firstLine(List.of(tinygo.toString(), "version"));
            if (version.isPresent()) {
                return Optional.of(new GoToolchain(Kind.TINYGO, tinygo, version.get()));
            }
        }
        for (Path go : goCandidates()) {
            Optional<String> version = InstalledTools.firstLine(List.of(go.toString(), "version"));
            if (version.filter(GoToolchain::hasWasip1).isPresent()) {
                return Optional.of(new GoToolchain(Kind.GO, go, version.get()));
            }
        }
        return Optional.empty();
    }

    /** A Go found but too old for wasip1 ({@code go version go1.19.8 linux/amd64 at /usr/bin/go}), to say so. */
    static Optional<String> tooOld() {
        return goCandidates().stream().flatMap(go -> InstalledTools.firstLine(List.of(go.toString(), "version"))
                .filter(v -> !hasWasip1(v)).map(v -> v + " at " + go).stream()).findFirst();
    }

    static boolean hasWasip1(String versionLine) {
        return languageVersion(versionLine).map(v -> v[0] > FIRST_WITH_WASIP1[0]
                || (v[0] == FIRST_WITH_WASIP1[0] && v[1] >= FIRST_WITH_WASIP1[1])).orElse(false);
    }

    /** The {@code go} line of the function's go.mod: the compiler's own Go version, so every feature it has is allowed. */
    String goDirective() {
        return languageVersion(version).map(v -> v[0] + "." + v[1]).orElse(kind == Kind.GO ? "1.21" : "1.18");
    }

    private static Optional<int[]> languageVersion(String versionLine) {
        Matcher matcher = GO_VERSION.matcher(versionLine);
        return matcher.find() ? Optional.of(new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))})
                : Optional.empty();
    }

    // The PATH, the official tarball's place, then Debian's versioned packages, newest first.
    private static List<Path> goCandidates() {
        List<Path> debian = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
            dirs.filter(d -> d.getFileName().toString().matches("go-\\d+\\.\\d+"))
                    .sorted(Comparator.comparing((Path d) -> versionKey(d.getFileName().toString())).reversed())
                    .forEach(d -> debian.add(d.resolve("bin/go")));
        } catch (IOException ex) {
            // no /usr/lib to look in: only the PATH counts
        }
        List<Path> all = new ArrayList<>(List.of(Path.of("/usr/local/go/bin/go")));
        all.addAll(debian);
        return InstalledTools.candidates("go", all.toArray(Path[]::new));
    }

    private static Integer versionKey(String dirName) {
        String[] parts = dirName.substring("go-".length()).split("\\.");
        return Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]);
    }
}
