package dev.wasmfaas.server.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.compile.ClangCompiler;
import dev.wasmfaas.server.compile.ClangToolchain;
import dev.wasmfaas.server.compile.CompileOptions;
import dev.wasmfaas.server.compile.Compilers;
import dev.wasmfaas.server.compile.FunctionCompiler;
import dev.wasmfaas.server.compile.GoCompiler;
import dev.wasmfaas.server.compile.HtmlPassThrough;
import dev.wasmfaas.server.compile.ScriptCheck;
import dev.wasmfaas.server.compile.ToolchainRunner;
import dev.wasmfaas.server.compile.WasmModuleCheck;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;
import dev.wasmfaas.server.function.LimitOverrides;

/** Deploys through the real store and the real clang. */
class DeploymentServiceTests {

    private static final byte[] HELLO = "#include <stdio.h>\nint main(void){puts(\"hi\");return 0;}\n"
            .getBytes(StandardCharsets.UTF_8);

    private static final FunctionConfig NONE = new FunctionConfig(Map.of(), List.of());

    @TempDir
    Path dir;
    private FunctionStore store;
    private FunctionRegistry registry;
    private DeploymentService deployments;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingCompilation wasmtime = new RecordingCompilation();

    @BeforeEach
    void setUp() {
        assumeTrue(ClangToolchain.detect(null).isPresent(), "no wasm32-wasi C toolchain (./faas installs it)");
        // small caps, so that a test can pass them: 4 KiB of source, 256 KiB of module
        ServerProperties properties = TestProperties.in(dir, new ServerProperties.Compile(Duration.ofSeconds(60), 2,
                null, 4096, 256 * 1024));
        store = new FunctionStore(properties);
        registry = new FunctionRegistry(store);
        ToolchainRunner runner = new ToolchainRunner(properties);
        Compilers compilers = new Compilers(List.<FunctionCompiler>of(new ClangCompiler(properties, runner),
                new WasmModuleCheck(), new ScriptCheck(runner), new GoCompiler(runner), new HtmlPassThrough()));
        deployments = new DeploymentService(registry, store, compilers, properties, new DeploymentMetrics(meters),
                wasmtime);
    }

    @Test
    void storesSourceModuleAndMetadataUnderTheNewId() throws Exception {
        FunctionMetadata metadata = deployments.deploy("hello", "c", HELLO, NONE);

        Path stored = dir.resolve("functions").resolve(metadata.id());
        assertThat(metadata.id()).matches("hello_\\d+");
        assertThat(Files.readAllBytes(stored.resolve("source.c"))).isEqualTo(HELLO);
        assertThat(stored.resolve("module.wasm")).exists();
        assertThat(metadata.digest()).isEqualTo(DeploymentService.sha256(stored.resolve("module.wasm")));
        assertThat(new FunctionRegistry(store).resolve("hello")).isEqualTo(metadata);
    }

    @Test
    void aFailedCompileLeavesNothingAndFreesTheName() throws Exception {
        assertThatThrownBy(() -> deployments.deploy("hello", "c", "int main(){ return x; }".getBytes(), NONE))
                .isInstanceOfSatisfying(FaasException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR));

        try (var entries = Files.list(dir.resolve("functions"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(".staging");
        }
        try (var staged = Files.list(dir.resolve("functions/.staging"))) {
            assertThat(staged).isEmpty();
        }
        assertThat(deployments.deploy("hello", "c", HELLO, NONE).name()).isEqualTo("hello");

        assertThat(meters.get("faas.deployments").tags("language", "c", "operation", "deploy", "outcome",
                "compile_error").counter().count()).isEqualTo(1);
        assertThat(meters.get("faas.deployments").tags("language", "c", "operation", "deploy", "outcome", "success")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("faas.compile.duration").tags("language", "c", "outcome", "success").timer()
                .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        assertThat(meters.get("faas.compile.duration").tags("language", "c", "outcome", "compile_error").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void refusesBadInputBeforeCompiling() {
        assertKind(() -> deployments.deploy("bad name", "c", HELLO, NONE), ErrorKind.INVALID_NAME);
        assertKind(() -> deployments.deploy("../etc", "c", HELLO, NONE), ErrorKind.INVALID_NAME);
        assertKind(() -> deployments.deploy(null, "c", HELLO, NONE), ErrorKind.INVALID_NAME);
        assertKind(() -> deployments.deploy("ok", null, HELLO, NONE), ErrorKind.UNSUPPORTED_LANGUAGE);
        assertKind(() -> deployments.deploy("ok", "cobol", HELLO, NONE), ErrorKind.UNSUPPORTED_LANGUAGE);
        assertKind(() -> deployments.deploy("ok", "c", new byte[0], NONE), ErrorKind.BAD_REQUEST);
    }

    @Test
    void linksCWithTheDefaultStackAndRecordsIt() {
        FunctionMetadata metadata = deployments.deploy("hello", "c", HELLO, NONE);

        assertThat(metadata.limits().stackKb()).isEqualTo(1024);
        assertThat(new FunctionRegistry(store).resolve("hello").limits().stackKb()).isEqualTo(1024);
        assertThat(deployments.deploy("other", "c", HELLO, withLimits(null, 2048)).limits().stackKb()).isEqualTo(2048);
    }

    @Test
    void refusesAStackThatLeavesNoRoomInTheMemoryBeforeHoldingTheName() throws Exception {
        assertThatThrownBy(() -> deployments.deploy("hello", "c", HELLO, withLimits(4, 4096)))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(ex.getMessage()).contains("4096 KiB").contains("4 MiB")
                            .contains("lower stackKb to at most 4032").contains("raise memoryMb");
                });
        // the default stack of 1 MiB does not fit in 1 MiB either
        assertKind(() -> deployments.deploy("hello", "c", HELLO, withLimits(1, null)), ErrorKind.BAD_REQUEST);
        FunctionMetadata first = deployments.deploy("hello", "c", HELLO, withLimits(2, 1984));
        assertKind(() -> deployments.update("hello", "c", HELLO, withLimits(2, 1985)), ErrorKind.BAD_REQUEST);

        assertThat(first.limits().stackKb()).isEqualTo(1984);
        assertThat(new FunctionRegistry(store).versions("hello")).containsExactly(first);
        assertStoredIds(first.id());
    }

    @Test
    void refusesAStackForALanguageWhoseStackIsNotThePlatformsToSet() throws Exception {
        for (String lang : List.of("wasm", "js", "python", "php", "go", "html")) {
            assertThatThrownBy(() -> deployments.deploy("other", lang, "x".getBytes(), withLimits(null, 64)))
                    .as(lang).isInstanceOfSatisfying(FaasException.class, ex -> {
                        assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                        assertThat(ex.getMessage()).startsWith("stackKb applies to c, cpp and rust");
                    });
        }
        FunctionMetadata page = deployments.deploy("page", "html", "<p>hi</p>".getBytes(), NONE);
        assertThat(page.limits().stackKb()).isNull();
        assertStoredIds(page.id());
    }

    @Test
    void capsSourcesAndModulesSeparately() throws Exception {
        byte[] module = padded(compiledHello(), 256 * 1024);
        byte[] tooLarge = padded(compiledHello(), 256 * 1024 + 1);
        FunctionMetadata uploaded = deployments.deploy("module", "wasm", module, NONE);

        assertKind(() -> deployments.deploy("big", "c", comment(4097), NONE), ErrorKind.PAYLOAD_TOO_LARGE);
        assertKind(() -> deployments.deploy("big", "wasm", tooLarge, NONE), ErrorKind.PAYLOAD_TOO_LARGE);
        assertKind(() -> deployments.update("module", "wasm", tooLarge, NONE), ErrorKind.PAYLOAD_TOO_LARGE);
        FunctionMetadata source = deployments.deploy("source", "c", comment(4096), NONE);

        assertThat(Files.readAllBytes(dir.resolve("functions").resolve(uploaded.id()).resolve("source.wasm")))
                .isEqualTo(module);
        assertStoredIds(uploaded.id(), source.id());
    }

    @Test
    void refusesWhatACompilerMadeOverTheModuleCap() throws Exception {
        byte[] large = """
                #include <stdio.h>
                #include <unistd.h>
                static char table[300000] = {1};
                int main(void) { char c = 0; int n = read(0, &c, 1); printf("%d\\n", table[n * 512 + c]); return 0; }
                """.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deployments.deploy("large", "c", large, NONE))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat(ex.getMessage()).contains("compiled module is").contains("above the cap of 262144 bytes");
                });
        assertStoredIds();
        assertThat(deployments.deploy("large", "c", HELLO, NONE).name()).isEqualTo("large");
    }

    @Test
    void concurrentDeploysOfOneNameLetExactlyOneWin() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Callable<Object> deploy = () -> {
                try {
                    return deployments.deploy("race", "c", HELLO, NONE);
                } catch (FaasException ex) {
                    return ex.kind();
                }
            };
            List<Future<Object>> results = pool.invokeAll(List.of(deploy, deploy, deploy, deploy));
            List<Object> outcomes = results.stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }).toList();
            assertThat(outcomes).filteredOn(o -> o instanceof FunctionMetadata).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o == ErrorKind.NAME_TAKEN).hasSize(3);
        }
    }

    @Test
    void anUpdateAddsAVersionAndKeepsThePreviousInvocable() {
        FunctionMetadata first = deployments.deploy("hello", "c", HELLO, NONE);
        FunctionMetadata second = deployments.update("hello", "c", HELLO,
                FunctionConfig.parse(List.of("K=V"), List.of("a")));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(registry.resolve("hello")).isEqualTo(second);
        assertThat(registry.resolve(first.id())).isEqualTo(first);
        assertThat(second.env()).containsEntry("K", "V");
        assertThat(second.args()).containsExactly("a");
        assertThat(new FunctionRegistry(store).versions("hello")).containsExactly(first, second);
    }

    @Test
    void aFailedUpdateChangesNothing() {
        FunctionMetadata first = deployments.deploy("hello", "c", HELLO, NONE);

        assertKind(() -> deployments.update("hello", "c", "int main(){ return y; }".getBytes(), NONE),
                ErrorKind.COMPILE_ERROR);
        assertKind(() -> deployments.update("nope", "c", HELLO, NONE), ErrorKind.FUNCTION_NOT_FOUND);

        assertThat(registry.versions("hello")).containsExactly(first);
        assertThat(new FunctionRegistry(store).versions("hello")).containsExactly(first);
    }

    @Test
    void aDeleteRemovesEveryVersionAndItsFiles() {
        FunctionMetadata first = deployments.deploy("hello", "c", HELLO, NONE);
        FunctionMetadata second = deployments.update("hello", "c", HELLO, NONE);

        assertThat(deployments.delete("hello")).containsExactly(first, second);

        assertThat(registry.find("hello")).isEmpty();
        assertThat(registry.find(first.id())).isEmpty();
        assertThat(dir.resolve("functions").resolve(first.id())).doesNotExist();
        assertThat(dir.resolve("functions").resolve(second.id())).doesNotExist();
        assertThat(new FunctionRegistry(store).latest()).isEmpty();
        assertKind(() -> deployments.delete("hello"), ErrorKind.FUNCTION_NOT_FOUND);
        assertThat(deployments.deploy("hello", "c", HELLO, NONE).name()).isEqualTo("hello");
    }

    @Test
    void aModuleIsCompiledByWasmtimeBeforeItIsPublishedAndWarmedAfter() throws Exception {
        FunctionMetadata metadata = deployments.deploy("hello", "c", HELLO, NONE);

        assertThat(wasmtime.compiled).singleElement().satisfies(module -> {
            assertThat(module.digest()).isEqualTo(metadata.digest());
            assertThat(module.bytes()).isEqualTo(Files.readAllBytes(
                    dir.resolve("functions").resolve(metadata.id()).resolve("module.wasm")));
        });
        assertThat(wasmtime.warmed).containsExactly(
                dir.resolve("functions").resolve(metadata.id()).resolve("module.wasm") + " " + metadata.digest());
    }

    @Test
    void aModuleWasmtimeRefusesLeavesNothingAndFreesTheName() {
        wasmtime.refuse = true;

        assertKind(() -> deployments.deploy("hello", "c", HELLO, NONE), ErrorKind.COMPILE_ERROR);

        assertThat(registry.find("hello")).isEmpty();
        assertThat(wasmtime.warmed).isEmpty();
        assertThat(new FunctionRegistry(store).latest()).isEmpty();
        wasmtime.refuse = false;
        assertThat(deployments.deploy("hello", "c", HELLO, NONE).name()).isEqualTo("hello");
    }

    private static FunctionConfig withLimits(Integer memoryMb, Integer stackKb) {
        return NONE.withLimits(new LimitOverrides(null, memoryMb, null, stackKb));
    }

    private void assertStoredIds(String... ids) throws Exception {
        try (var entries = Files.list(dir.resolve("functions"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder(ids);
        }
    }

    private static byte[] comment(int size) {
        byte[] source = new byte[size];
        Arrays.fill(source, (byte) ' ');
        byte[] program = "int main(void){return 0;}\n/*".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(program, 0, source, 0, program.length);
        source[size - 2] = '*';
        source[size - 1] = '/';
        return source;
    }

    private byte[] compiledHello() throws Exception {
        Path build = Files.createDirectories(dir.resolve("build"));
        Path source = Files.write(build.resolve("source.c"), HELLO);
        new ClangCompiler(TestProperties.in(dir)).compile(Language.C, source, new CompileOptions(16, 64));
        return Files.readAllBytes(build.resolve("module.wasm"));
    }

    /** The module with a custom section appended, to {@code size} bytes in all. */
    static byte[] padded(byte[] module, int size) {
        byte[] name = "padding".getBytes(StandardCharsets.US_ASCII);
        // id, a 5-byte size, then the content: the name's length, the name and zeros
        int content = size - module.length - 1 - 5;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size);
        out.writeBytes(module);
        out.write(0);
        // the section's size as a 5-byte LEB128, so that the total is exact
        for (int i = 0, rest = content; i < 5; i++, rest >>>= 7) {
            out.write((rest & 0x7f) | (i < 4 ? 0x80 : 0));
        }
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(new byte[content - 1 - name.length]);
        byte[] bytes = out.toByteArray();
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    private static void assertKind(Runnable call, ErrorKind kind) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(kind));
    }

    /** Stands in for the worker that compiles a module at deploy (the end-to-end tests use real workers). */
    private static final class RecordingCompilation implements ModuleCompilation {

        record Compiled(String digest, byte[] bytes) {
        }

        final List<Compiled> compiled = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> warmed = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean refuse;

        @Override
        public void compile(Path module, String digest) {
            if (refuse) {
                throw new FaasException(ErrorKind.COMPILE_ERROR, "Wasmtime refuses the module");
            }
            try {
                compiled.add(new Compiled(digest, Files.readAllBytes(module)));
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        @Override
        public void warm(Path module, String digest) {
            warmed.add(module + " " + digest);
        }
    }
}
