package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;

class GoCompilerTests {

    private static final String HELLO = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n";

    @TempDir
    Path dir;

    @Test
    void buildsWithTinyGoForWasi() {
        GoToolchain tinygo = new GoToolchain(GoToolchain.Kind.TINYGO, Path.of("/usr/local/bin/tinygo"),
                "tinygo version 0.31.2 linux/amd64 (using go version go1.22.1 and LLVM version 17.0.1)");

        assertThat(GoCompiler.command(tinygo, Path.of("/f/module.wasm")))
                .containsExactly("/usr/local/bin/tinygo", "build", "-target=wasi", "-o", "/f/module.wasm", "source.go");
        assertThat(GoCompiler.environment(tinygo)).containsEntry("GOTOOLCHAIN", "local").containsEntry("GOPROXY", "off")
                .doesNotContainKey("GOOS");
        assertThat(tinygo.goDirective()).isEqualTo("1.22");
    }

    @Test
    void buildsWithGoForWasip1OfflineWithTheLocalToolchain() {
        GoToolchain go = new GoToolchain(GoToolchain.Kind.GO, Path.of("/usr/local/go/bin/go"),
                "go version go1.23.4 linux/amd64");

        assertThat(GoCompiler.command(go, Path.of("/f/module.wasm")))
                .containsExactly("/usr/local/go/bin/go", "build", "-trimpath", "-o", "/f/module.wasm", "source.go");
        assertThat(GoCompiler.environment(go)).containsEntry("GOOS", "wasip1").containsEntry("GOARCH", "wasm")
                .containsEntry("GOTOOLCHAIN", "local").containsEntry("GOPROXY", "off");
        assertThat(go.goDirective()).isEqualTo("1.23");
    }

    @Test
    void acceptsGoFrom121On() {
        assertThat(GoToolchain.hasWasip1("go version go1.21.0 linux/amd64")).isTrue();
        assertThat(GoToolchain.hasWasip1("go version go1.22.1 linux/amd64")).isTrue();
        assertThat(GoToolchain.hasWasip1("go version go2.0 linux/amd64")).isTrue();
        assertThat(GoToolchain.hasWasip1("go version devel go1.24-abcdef linux/amd64")).isTrue();
        assertThat(GoToolchain.hasWasip1("go version go1.19.8 linux/amd64")).isFalse();
        assertThat(GoToolchain.hasWasip1("go version go1.9 linux/amd64")).isFalse();
        assertThat(GoToolchain.hasWasip1("garbage")).isFalse();
    }

    @Test
    void answers501NamingWhatToInstallWhenNoGoToolchainIsHere() throws Exception {
        Path source = Files.writeString(dir.resolve("source.go"), HELLO);
        GoCompiler compiler = new GoCompiler(new ToolchainRunner(TestProperties.in(dir)), Optional::empty);

        assertThatThrownBy(() -> compiler.compile(Language.GO, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.TOOLCHAIN_MISSING);
                    assertThat(ex.kind().status().value()).isEqualTo(501);
                    assertThat(ex.getMessage()).contains("TinyGo").contains("Go 1.21").contains("GOOS=wasip1 GOARCH=wasm");
                    assertThat((String) ex.properties().get("install")).contains("tinygo");
                });
        assertThat(compiler.support(Language.GO)).satisfies(s -> {
            assertThat(s.available()).isFalse();
            assertThat(s.install()).contains("TinyGo").contains("Go 1.21");
        });
    }

    @Test
    void theRealDetectionAnswers501OnAMachineWithoutGo() throws Exception {
        assumeTrue(GoToolchain.detect().isEmpty(), "a Go toolchain is installed here");
        Path source = Files.writeString(dir.resolve("source.go"), HELLO);
        GoCompiler compiler = new GoCompiler(new ToolchainRunner(TestProperties.in(dir)));

        assertThatThrownBy(() -> compiler.compile(Language.GO, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.TOOLCHAIN_MISSING));
    }

    @Test
    void buildsInAThrowAwayModuleBesideTheSource() throws Exception {
        Path log = dir.resolve("go.log");
        // a stand-in for go: records what it was given and writes the module where -o says
        Path fakeGo = script("go", """
                #!/bin/sh
                { pwd; cat go.mod; cat source.go; echo "GOOS=$GOOS GOARCH=$GOARCH GOTOOLCHAIN=$GOTOOLCHAIN GOFLAGS=$GOFLAGS"; } > %s
                printf '\\0asm' > "$4"
                """.formatted(log));
        Path functionDir = Files.createDirectories(dir.resolve("function"));
        Path source = Files.writeString(functionDir.resolve("source.go"), HELLO);
        GoCompiler compiler = new GoCompiler(new ToolchainRunner(TestProperties.in(dir)),
                () -> Optional.of(new GoToolchain(GoToolchain.Kind.GO, fakeGo, "go version go1.22.1 linux/amd64")));

        assertThat(compiler.compile(Language.GO, source, new CompileOptions(16))).isEqualTo("module.wasm");

        List<String> seen = Files.readAllLines(log);
        assertThat(seen.getFirst()).startsWith(functionDir.toString() + "/go-module-");
        assertThat(seen).contains("module function", "go 1.22", "func main() { fmt.Println(\"hi\") }",
                "GOOS=wasip1 GOARCH=wasm GOTOOLCHAIN=local GOFLAGS=");
        assertThat(functionDir.resolve("module.wasm")).exists();
        try (var left = Files.list(functionDir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("source.go", "module.wasm");
        }
    }

    @Test
    void reportsTheCompilersDiagnostics() throws Exception {
        Path fakeGo = script("go", """
                #!/bin/sh
                echo './source.go:5:15: undefined: nope' >&2
                exit 1
                """);
        Path source = Files.writeString(dir.resolve("source.go"), HELLO);
        GoCompiler compiler = new GoCompiler(new ToolchainRunner(TestProperties.in(dir)),
                () -> Optional.of(new GoToolchain(GoToolchain.Kind.GO, fakeGo, "go version go1.22.1 linux/amd64")));

        assertThatThrownBy(() -> compiler.compile(Language.GO, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat((String) ex.properties().get("diagnostics")).contains("undefined: nope");
                });
        assertThat(dir.resolve("module.wasm")).doesNotExist();
    }

    private Path script(String name, String text) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = Files.writeString(bin.resolve(name), text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
