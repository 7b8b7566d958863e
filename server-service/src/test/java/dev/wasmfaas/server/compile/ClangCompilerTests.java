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

class ClangCompilerTests {

    @TempDir
    Path dir;

    @Test
    void writesTheMemoryCapIntoTheModuleAndCompilesNoShell() {
        ClangToolchain toolchain = new ClangToolchain(Path.of("/usr/bin/clang"), List.of(), "test");
        List<String> command = ClangCompiler.command(toolchain, dir.resolve("source.c"), dir.resolve("module.wasm"),
                new CompileOptions(128));

        assertThat(command).containsSubsequence("/usr/bin/clang", "--target=wasm32-wasi", "-O2",
                "-Wl,--max-memory=134217728", "-o", dir.resolve("module.wasm").toString(), "source.c");
    }

    @Test
    void compilesCToAWasiModule() throws Exception {
        assumeTrue(ClangToolchain.detect(null).isPresent(), "no wasm32-wasi C toolchain (./faas installs it)");
        Path source = Files.writeString(dir.resolve("source.c"), "#include <stdio.h>\nint main(void){puts(\"hi\");}\n");
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        compiler.compile(Language.C, source, dir.resolve("module.wasm"), new CompileOptions(16));

        byte[] module = Files.readAllBytes(dir.resolve("module.wasm"));
        assertThat(module).startsWith(0, 'a', 's', 'm', 1, 0, 0, 0);
    }

    @Test
    void reportsTheCompilersDiagnostics() throws Exception {
        assumeTrue(ClangToolchain.detect(null).isPresent(), "no wasm32-wasi C toolchain (./faas installs it)");
        Path source = Files.writeString(dir.resolve("source.c"), "int main(void){ return nope; }\n");
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        assertThatThrownBy(() -> compiler.compile(Language.C, source, dir.resolve("module.wasm"),
                new CompileOptions(16))).isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat((String) ex.properties().get("diagnostics")).contains("nope").contains("error");
                });
        assertThat(dir.resolve("module.wasm")).doesNotExist();
    }
}
