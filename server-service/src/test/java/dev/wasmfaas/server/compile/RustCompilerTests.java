package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;

class RustCompilerTests {

    static final String NO_RUST = "no rustc with a wasm32-wasi target: rustc libstd-rust-dev-wasm32 lld (./faas installs them)";

    @TempDir
    Path dir;

    @Test
    void buildsWithTheFoundTargetAndWritesTheMemoryCapIn() {
        RustToolchain toolchain = new RustToolchain(Path.of("/usr/bin/rustc"), "wasm32-wasi", "test");
        List<String> command = RustCompiler.command(toolchain, dir.resolve("source.rs"), dir.resolve("module.wasm"),
                new CompileOptions(128, 2048));

        assertThat(command).containsSubsequence("/usr/bin/rustc", "--target", "wasm32-wasi", "--edition", "2021", "-O",
                "-C", "link-arg=--max-memory=134217728", "-C", "link-arg=-zstack-size=2097152", "-o",
                dir.resolve("module.wasm").toString(), "source.rs");
        assertThat(new RustCompiler(new ToolchainRunner(TestProperties.in(dir))).linksStack(Language.RUST)).isTrue();
    }

    @Test
    void prefersTheWasip1TargetOfASysroot() throws Exception {
        Files.createDirectories(dir.resolve("old/lib/rustlib/wasm32-wasi/lib"));
        Files.createDirectories(dir.resolve("both/lib/rustlib/wasm32-wasi/lib"));
        Files.createDirectories(dir.resolve("both/lib/rustlib/wasm32-wasip1/lib"));
        Files.createDirectories(dir.resolve("none/lib/rustlib/x86_64-unknown-linux-gnu/lib"));

        assertThat(RustToolchain.targetIn(dir.resolve("old"))).contains("wasm32-wasi");
        assertThat(RustToolchain.targetIn(dir.resolve("both"))).contains("wasm32-wasip1");
        assertThat(RustToolchain.targetIn(dir.resolve("none"))).isEmpty();
    }

    @Test
    void findsARustcThatHasAWasmTargetEvenWhenTheFirstOnThePathHasNone() {
        assumeTrue(RustToolchain.detect().isPresent(), NO_RUST);
        RustToolchain toolchain = RustToolchain.detect().orElseThrow();

        assertThat(RustToolchain.targetIn(Path.of(InstalledTools.firstLine(
                List.of(toolchain.rustc().toString(), "--print", "sysroot")).orElseThrow()))).contains(toolchain.target());
        assertThat(toolchain.version()).hasValueSatisfying(v -> assertThat(v).startsWith("rustc "));
    }

    @Test
    void compilesRustToAWasiModuleWithItsMemoryCap() throws Exception {
        assumeTrue(RustToolchain.detect().isPresent(), NO_RUST);
        Path source = Files.writeString(dir.resolve("source.rs"), """
                use std::io::Read;
                fn main() {
                    let mut input = String::new();
                    std::io::stdin().read_to_string(&mut input).unwrap();
                    println!("Hello, {}!", input.trim());
                }
                """);
        RustCompiler compiler = new RustCompiler(new ToolchainRunner(TestProperties.in(dir)));

        assertThat(compiler.compile(Language.RUST, source, new CompileOptions(16))).isEqualTo("module.wasm");

        WasmModule module = WasmModuleCheck.check(Files.readAllBytes(dir.resolve("module.wasm")));
        assertThat(module.memory()).hasValueSatisfying(limits -> assertThat(limits.max()).isEqualTo(256L));
        assertThat(Files.size(dir.resolve("module.wasm"))).isLessThan(1024 * 1024);
    }

    @Test
    void linksTheStackItIsGivenInsteadOfRustcsOwnAndExportsItsPointer() throws Exception {
        assumeTrue(RustToolchain.detect().isPresent(), NO_RUST);
        Path source = Files.writeString(dir.resolve("source.rs"), """
                use std::io::Read;
                fn main() {
                    let mut buf = [0u8; 65536];
                    let n = std::io::stdin().read(&mut buf).unwrap();
                    println!("read {} {}", n, buf[0]);
                }
                """);
        RustCompiler compiler = new RustCompiler(new ToolchainRunner(TestProperties.in(dir)));

        compiler.compile(Language.RUST, source, new CompileOptions(16, 1024));
        WasmModule rustcs = WasmModuleCheck.check(Files.readAllBytes(dir.resolve("module.wasm")));
        compiler.compile(Language.RUST, source, new CompileOptions(16, 4096));
        WasmModule large = WasmModuleCheck.check(Files.readAllBytes(dir.resolve("module.wasm")));

        assertThat(large.memory().orElseThrow().min() - rustcs.memory().orElseThrow().min()).isEqualTo(48);
    }

    @Test
    void reportsTheCompilersDiagnostics() throws Exception {
        assumeTrue(RustToolchain.detect().isPresent(), NO_RUST);
        Path source = Files.writeString(dir.resolve("source.rs"), "fn main() {\n    let x: i32 = \"nope\";\n}\n");
        RustCompiler compiler = new RustCompiler(new ToolchainRunner(TestProperties.in(dir)));

        assertThatThrownBy(() -> compiler.compile(Language.RUST, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat(ex.kind().status().value()).isEqualTo(422);
                    assertThat((String) ex.properties().get("diagnostics")).contains("mismatched types")
                            .contains("source.rs:2");
                });
        assertThat(dir.resolve("module.wasm")).doesNotExist();
    }

    @Test
    void saysWhatToInstallWhenNoRustcHasAWasmTarget() {
        LanguageSupport support = new RustCompiler(new ToolchainRunner(TestProperties.in(dir))).support(Language.RUST);

        assertThat(support.lang()).isEqualTo("rust");
        if (support.available()) {
            assertThat(support.toolchain()).contains("wasm32-wasi");
            assertThat(support.version()).startsWith("rustc ");
        } else {
            assertThat(support.install()).contains("libstd-rust-dev-wasm32");
        }
    }
}
