package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.config.ServerProperties;

class CompilersTests {

    @TempDir
    Path dir;

    @Test
    void listsEveryLanguageInOrderWithItsSupport() {
        ToolchainRunner runner = new ToolchainRunner(TestProperties.in(dir));
        Compilers compilers = new Compilers(List.of(new ClangCompiler(TestProperties.in(dir), runner),
                new RustCompiler(runner), new GoCompiler(runner), new WasmModuleCheck(), new ScriptCheck(runner),
                new HtmlPassThrough()));

        List<LanguageSupport> supports = compilers.supports();

        assertThat(supports).extracting(LanguageSupport::lang)
                .containsExactly("c", "cpp", "rust", "go", "wasm", "js", "python", "php", "html");
        assertThat(supports).filteredOn(s -> !s.available()).allSatisfy(s -> assertThat(s.install()).isNotBlank());
        assertThat(supports).filteredOn(s -> s.lang().equals("wasm") || s.lang().equals("html"))
                .allSatisfy(s -> assertThat(s.available()).isTrue());
        Arrays.stream(Language.values()).forEach(l -> assertThat(compilers.forLanguage(l).languages()).contains(l));
    }

    @Test
    void aLanguageWithoutCompilerIsListedAsUnavailable() {
        Compilers compilers = new Compilers(List.of(new HtmlPassThrough()));

        assertThat(compilers.supports()).hasSize(Language.values().length)
                .filteredOn(s -> !s.lang().equals("html"))
                .allSatisfy(s -> assertThat(s.available()).isFalse());
        assertThatThrownBy(() -> compilers.forLanguage(Language.C)).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.TOOLCHAIN_MISSING));
    }

    @Test
    void htmlIsStoredAsItIs() throws Exception {
        Path source = Files.writeString(dir.resolve("source.html"), "<h1>hi</h1>");

        assertThat(new HtmlPassThrough().compile(Language.HTML, source, new CompileOptions(16))).isEqualTo("source.html");
        assertThat(source).hasContent("<h1>hi</h1>");
    }

    @Test
    void springFindsACompilerForEveryLanguage() {
        new ApplicationContextRunner()
                .withBean(ServerProperties.class, () -> TestProperties.in(dir))
                .withUserConfiguration(CompilePackage.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Compilers compilers = context.getBean(Compilers.class);
                    assertThat(compilers.supports()).hasSize(9);
                    Arrays.stream(Language.values()).forEach(l -> assertThat(compilers.forLanguage(l)).isNotNull());
                    assertThat(context.getBeansOfType(ToolchainRunner.class)).hasSize(1);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = Compilers.class)
    static class CompilePackage {
    }
}
