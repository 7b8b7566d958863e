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

    static final String NO_C = "no wasm32-wasi C toolchain: clang lld wasi-libc libclang-rt-dev-wasm32 (./faas installs them)";
    static final String NO_CPP = "no wasm32-wasi C++ toolchain: clang lld wasi-libc libclang-rt-dev-wasm32 libc++-dev-wasm32";

    @TempDir
    Path dir;

    @Test
    void writesTheMemoryCapIntoTheModuleAndCompilesNoShell() {
        ClangToolchain toolchain = new ClangToolchain(Path.of("/usr/bin/clang"), List.of(), "test");
        List<String> command = ClangCompiler.command(toolchain, Language.C, dir.resolve("source.c"),
                dir.resolve("module.wasm"), new CompileOptions(128, 1024));

        assertThat(command).containsSubsequence("/usr/bin/clang", "--target=wasm32-wasi", "-O2",
                "-Wl,--stack-first", "-Wl,--max-memory=134217728", "-Wl,-z,stack-size=1048576", "-o",
                dir.resolve("module.wasm").toString(), "source.c");
        assertThat(command).doesNotContain("-fno-exceptions");
        assertThat(new ClangCompiler(TestProperties.in(dir)).linksStack(Language.C)).isTrue();
    }

    @Test
    void compilesCppWithoutExceptionsSinceWasiLibcxxHasNone() {
        ClangToolchain toolchain = new ClangToolchain(Path.of("/usr/bin/clang++"), List.of(), "test");
        List<String> command = ClangCompiler.command(toolchain, Language.CPP, dir.resolve("source.cpp"),
                dir.resolve("module.wasm"), new CompileOptions(16));

        assertThat(command).containsSubsequence("/usr/bin/clang++", "--target=wasm32-wasi", "-std=gnu++17",
                "-fno-exceptions", "-O2", "-Wl,--stack-first", "-Wl,--max-memory=16777216", "-o",
                dir.resolve("module.wasm").toString(), "source.cpp");
    }

    @Test
    void linksTheStackItIsGivenFirstInsideTheMemoryCapAndExportsItsPointer() throws Exception {
        assumeTrue(ClangToolchain.detect(null).isPresent(), NO_C);
        // The program of issue 10: 64 KiB on the stack, more than wasm-ld's default stack holds.
        Path source = Files.writeString(dir.resolve("source.c"), """
                #include <stdio.h>
                #include <unistd.h>
                int main(void) {
                    char buf[65536];
                    ssize_t n = read(0, buf, sizeof buf);
                    printf("read %zd\\n", n);
                    return 0;
                }
                """);
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        compiler.compile(Language.C, source, new CompileOptions(16, 1024));
        WasmModule small = WasmModuleCheck.check(Files.readAllBytes(dir.resolve("module.wasm")));
        compiler.compile(Language.C, source, new CompileOptions(16, 4096));
        WasmModule large = WasmModuleCheck.check(Files.readAllBytes(dir.resolve("module.wasm")));

        // The stack is the start of the memory: its initial size grows by the stack asked for, 48 pages here.
        assertThat(small.memory().orElseThrow().min()).isGreaterThan(16);
        assertThat(large.memory().orElseThrow().min() - small.memory().orElseThrow().min()).isEqualTo(48);
        assertThat(large.memory().orElseThrow().max()).isEqualTo(256L);
        // Nothing but functions and the memory exported, or Wasmtime would not link it as a command.
        assertThat(large.exports()).allSatisfy(export -> assertThat(export.kind()).isNotEqualTo(WasmModule.GLOBAL));
    }

    @Test
    void saysWhatToChangeWhenTheStackAndTheDataDoNotFitTheMemoryCap() throws Exception {
        assumeTrue(ClangToolchain.detect(null).isPresent(), NO_C);
        Path source = Files.writeString(dir.resolve("source.c"), """
                #include <stdio.h>
                #include <unistd.h>
                static char table[3 << 20] = {1};
                int main(void) { char c = 0; int n = read(0, &c, 1); printf("%d\\n", table[n * 4096 + c]); return 0; }
                """);
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        assertThatThrownBy(() -> compiler.compile(Language.C, source, new CompileOptions(4, 1024)))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat(ex.getMessage()).contains("stack of 1024 KiB").contains("4 MiB")
                            .contains("raise memoryMb or lower stackKb");
                    assertThat((String) ex.properties().get("diagnostics")).contains("maximum memory too small");
                });
    }

    @Test
    void compilesCToAWasiModuleWithItsMemoryCap() throws Exception {
        assumeTrue(ClangToolchain.detect(null).isPresent(), NO_C);
        Path source = Files.writeString(dir.resolve("source.c"), "#include <stdio.h>\nint main(void){puts(\"hi\");}\n");
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        assertThat(compiler.compile(Language.C, source, new CompileOptions(16))).isEqualTo("module.wasm");

        WasmModule module = WasmModuleCheck.check(Files.readAllBytes(dir.resolve("module.wasm")));
        assertThat(module.memory()).hasValueSatisfying(limits -> assertThat(limits.max()).isEqualTo(256L));
    }

    @Test
    void compilesCppWithTheStandardLibraryToAWasiModule() throws Exception {
        assumeTrue(ClangToolchain.detect(null, Language.CPP).isPresent(), NO_CPP);
        Path source = Files.writeString(dir.resolve("source.cpp"), """
                #include <iostream>
                #include <string>
                #include <vector>
                int main() {
                    std::vector<std::string> words{"Hello", "from", "C++"};
                    for (const auto& w : words) std::cout << w << ' ';
                    std::cout << std::endl;
                }
                """);
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        assertThat(compiler.compile(Language.CPP, source, new CompileOptions(32))).isEqualTo("module.wasm");

        WasmModule module = WasmModuleCheck.check(Files.readAllBytes(dir.resolve("module.wasm")));
        assertThat(module.memory()).hasValueSatisfying(limits -> assertThat(limits.max()).isEqualTo(512L));
    }

    @Test
    void reportsTheCompilersDiagnostics() throws Exception {
        assumeTrue(ClangToolchain.detect(null).isPresent(), NO_C);
        Path source = Files.writeString(dir.resolve("source.c"), "int main(void){ return nope; }\n");
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        assertThatThrownBy(() -> compiler.compile(Language.C, source, new CompileOptions(16))).isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat((String) ex.properties().get("diagnostics")).contains("nope").contains("error");
                });
        assertThat(dir.resolve("module.wasm")).doesNotExist();
    }

    @Test
    void reportsCppErrorsAndSaysExceptionsAreOff() throws Exception {
        assumeTrue(ClangToolchain.detect(null, Language.CPP).isPresent(), NO_CPP);
        Path source = Files.writeString(dir.resolve("source.cpp"),
                "#include <stdexcept>\nint main() { throw std::runtime_error(\"no\"); }\n");
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        assertThatThrownBy(() -> compiler.compile(Language.CPP, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat(ex.kind().status().value()).isEqualTo(422);
                    assertThat(ex.getMessage()).contains("C++");
                    assertThat((String) ex.properties().get("diagnostics")).contains("source.cpp:2")
                            .contains("exceptions disabled");
                });
    }

    @Test
    void reportsItsToolchainAndVersion() {
        ClangCompiler compiler = new ClangCompiler(TestProperties.in(dir));

        LanguageSupport c = compiler.support(Language.C);
        LanguageSupport cpp = compiler.support(Language.CPP);

        assertThat(c.lang()).isEqualTo("c");
        assertThat(cpp.lang()).isEqualTo("cpp");
        if (c.available()) {
            assertThat(c.version()).contains("clang");
            assertThat(c.install()).isNull();
        } else {
            assertThat(c.install()).contains("wasi-libc");
        }
        if (!cpp.available()) {
            assertThat(cpp.install()).contains("libc++-dev-wasm32");
        }
    }
}
