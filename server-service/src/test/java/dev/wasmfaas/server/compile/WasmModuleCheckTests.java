package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

class WasmModuleCheckTests {

    private static final byte[] EMPTY_FUNCTION_TYPE = {0x60, 0, 0};

    @TempDir
    Path dir;

    private final WasmModuleCheck check = new WasmModuleCheck();

    @Test
    void acceptsAModuleCompiledByClangAndStoresItAsTheArtifact() throws Exception {
        byte[] module = compileC("#include <stdio.h>\nint main(void){puts(\"hi\");}\n");
        Path source = Files.write(dir.resolve("source.wasm"), module);

        assertThat(check.compile(Language.WASM, source, new CompileOptions(16))).isEqualTo("module.wasm");

        assertThat(dir.resolve("module.wasm")).hasBinaryContent(module);
        WasmModule read = WasmModuleCheck.check(module);
        assertThat(read.imports()).allSatisfy(i -> assertThat(i.module()).isEqualTo("wasi_snapshot_preview1"));
        assertThat(read.imports()).extracting(WasmModule.Import::name).contains("fd_write");
        assertThat(read.exportedFunction("_start")).contains(new WasmModule.FunctionType(0, 0));
        assertThat(WasmModuleCheck.memoryAboveCap(read, new CompileOptions(16))).isPresent();
        byte[] capped = compile("source.c", "int main(void){return 0;}\n", "-Wl,--max-memory=16777216");
        assertThat(WasmModuleCheck.memoryAboveCap(WasmModuleCheck.check(capped), new CompileOptions(16))).isEmpty();
    }

    @Test
    void acceptsAHandWrittenMinimalCommand() {
        WasmModule module = WasmModuleCheck.check(module(
                section(1, vec(EMPTY_FUNCTION_TYPE)),
                section(3, vec(new byte[] {0})),
                section(5, vec(new byte[] {1, 1, 2})),
                section(7, vec(export("_start", 0, 0), export("memory", 2, 0))),
                section(10, vec(new byte[] {2, 0, 0x0b})),
                section(0, concat(name("producers"), new byte[] {1, 2, 3}))));

        assertThat(module.memory()).contains(new WasmModule.Limits(1, 2L));
    }

    @Test
    void refusesGarbage() {
        assertRefused("This is not a module at all".getBytes(StandardCharsets.UTF_8), "does not start with \\0asm");
        assertRefused(new byte[0], "empty");
        assertRefused("(module (func (export \"_start\")))".getBytes(StandardCharsets.UTF_8), "text (.wat)");
        assertRefused(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}, "version 2");
        assertRefused(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0}, "component");
        assertRefused(module(section(42, new byte[] {1, 2})), "unknown section id 42");
        assertRefused(module(section(5, vec()), section(1, vec())), "out of order");
        assertRefused(module(section(1, vec()), section(1, vec())), "repeated");
        assertRefused(module(section(3, vec(new byte[] {5}))), "type 5");
    }

    @Test
    void refusesATruncatedModule() throws Exception {
        byte[] module = compileC("int main(void){return 0;}\n");

        for (int length : List.of(6, 9, module.length / 2, module.length - 1)) {
            assertRefused(Arrays.copyOf(module, length), "");
        }
        assertRefused(Arrays.copyOf(module, module.length / 2), "truncated");
    }

    @Test
    void refusesALibraryWithoutStart() throws Exception {
        byte[] library = compile("source.c", "int foo(int x){return x+1;}\n", "-nostartfiles", "-Wl,--no-entry",
                "-Wl,--export=foo");

        assertThat(WasmModuleReader.read(library).exportedFunction("foo")).isPresent();
        assertRefused(library, "exports no function _start");
    }

    @Test
    void refusesAStartThatIsNotAFunctionOrHasParameters() {
        assertRefused(module(
                section(1, vec(new byte[] {0x60, 1, 0x7F, 0})),
                section(3, vec(new byte[] {0})),
                section(5, vec(new byte[] {0, 1})),
                section(7, vec(export("_start", 0, 0), export("memory", 2, 0))),
                section(10, vec(new byte[] {2, 0, 0x0b}))), "_start takes 1 parameters");
        assertRefused(module(
                section(5, vec(new byte[] {0, 1})),
                section(7, vec(export("_start", 2, 0), export("memory", 2, 0)))), "exports no function _start");
    }

    @Test
    void refusesImportsNoWorkerProvides() {
        assertRefused(module(
                section(1, vec(EMPTY_FUNCTION_TYPE)),
                section(2, vec(concat(name("env"), name("host_call"), new byte[] {0, 0}))),
                section(3, vec(new byte[] {0})),
                section(5, vec(new byte[] {0, 1})),
                section(7, vec(export("_start", 0, 1), export("memory", 2, 0))),
                section(10, vec(new byte[] {2, 0, 0x0b}))), "imports env.host_call");
    }

    @Test
    void refusesAModuleWithoutMemoryForWasi() {
        assertRefused(module(
                section(1, vec(EMPTY_FUNCTION_TYPE)),
                section(3, vec(new byte[] {0})),
                section(7, vec(export("_start", 0, 0))),
                section(10, vec(new byte[] {2, 0, 0x0b}))), "exports no memory");
    }

    @Test
    void noticesAMemoryMaximumAboveTheCapOrNone() {
        CompileOptions cap = new CompileOptions(1);
        WasmModule unbounded = new WasmModule(List.of(), List.of(), List.of(), List.of(new WasmModule.Limits(2, null)));
        WasmModule above = new WasmModule(List.of(), List.of(), List.of(), List.of(new WasmModule.Limits(2, 17L)));
        WasmModule within = new WasmModule(List.of(), List.of(), List.of(), List.of(new WasmModule.Limits(2, 16L)));

        assertThat(WasmModuleCheck.memoryAboveCap(unbounded, cap)).hasValueSatisfying(n -> assertThat(n).contains("no memory maximum"));
        assertThat(WasmModuleCheck.memoryAboveCap(above, cap)).hasValueSatisfying(n -> assertThat(n).contains("17 pages"));
        assertThat(WasmModuleCheck.memoryAboveCap(within, cap)).isEmpty();
    }

    @Test
    void aRefusedModuleLeavesNoArtifact() throws Exception {
        Path source = Files.write(dir.resolve("source.wasm"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> check.compile(Language.WASM, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> assertThat(ex.kind().status().value()).isEqualTo(422));
        assertThat(dir.resolve("module.wasm")).doesNotExist();
    }

    private static void assertRefused(byte[] module, String reason) {
        assertThatThrownBy(() -> WasmModuleCheck.check(module)).isInstanceOfSatisfying(FaasException.class, ex -> {
            assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
            assertThat(ex.getMessage()).contains(reason);
            assertThat(ex.properties()).containsKey("diagnostics");
        });
    }

    private byte[] compileC(String text) throws Exception {
        return compile("source.c", text);
    }

    private byte[] compile(String file, String text, String... flags) throws Exception {
        assumeTrue(ClangToolchain.detect(null).isPresent(), ClangCompilerTests.NO_C);
        Path work = Files.createTempDirectory(dir, "clang");
        Files.writeString(work.resolve(file), text);
        List<String> command = new ArrayList<>(List.of(ClangToolchain.detect(null).orElseThrow().clang().toString(),
                "--target=wasm32-wasi", "-O2", "-o", "out.wasm", file));
        command.addAll(List.of(flags));
        CommandResult result = CommandRunner.run(command, work, Duration.ofSeconds(60));
        assertThat(result.succeeded()).as(result.output()).isTrue();
        return Files.readAllBytes(work.resolve("out.wasm"));
    }

    // --- a hand-made binary: sizes here stay below 128, so each LEB128 is one byte

    private static byte[] module(byte[]... sections) {
        return concat(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, concat(sections));
    }

    private static byte[] section(int id, byte[] content) {
        return concat(new byte[] {(byte) id, (byte) content.length}, content);
    }

    private static byte[] vec(byte[]... entries) {
        return concat(new byte[] {(byte) entries.length}, concat(entries));
    }

    private static byte[] export(String name, int kind, int index) {
        return concat(name(name), new byte[] {(byte) kind, (byte) index});
    }

    private static byte[] name(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) bytes.length}, bytes);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
