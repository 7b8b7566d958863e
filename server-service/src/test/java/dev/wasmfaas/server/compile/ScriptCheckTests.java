package dev.wasmfaas.server.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;

class ScriptCheckTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(names = {"JS", "PYTHON", "PHP"})
    void acceptsAValidScriptWithoutRunningIt(Language language) throws Exception {
        ScriptCheck check = checkWith(language);
        Path marker = dir.resolve("ran");
        Path source = write(language, valid(language, marker));

        assertThat(check.compile(language, source, new CompileOptions(16))).isEqualTo(source.getFileName().toString());

        assertThat(marker).as("the check must not run the script").doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(names = {"JS", "PYTHON", "PHP"})
    void refusesASyntaxErrorWithTheCheckersMessageWithoutRunningIt(Language language) throws Exception {
        ScriptCheck check = checkWith(language);
        Path marker = dir.resolve("ran");
        Path source = write(language, valid(language, marker) + broken(language));

        assertThatThrownBy(() -> check.compile(language, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR);
                    assertThat(ex.kind().status().value()).isEqualTo(422);
                    String diagnostics = (String) ex.properties().get("diagnostics");
                    assertThat(diagnostics).contains(source.getFileName().toString()).containsIgnoringCase("error")
                            .doesNotContain(dir.toString()).doesNotContain("    at ");
                });
        assertThat(marker).as("the check must not run the script").doesNotExist();
    }

    @Test
    void findsPythonErrorsThatOnlyItsCompilerSees() throws Exception {
        ScriptCheck check = checkWith(Language.PYTHON);
        Path source = write(Language.PYTHON, "print('hi')\nreturn 5\n");

        assertThatThrownBy(() -> check.compile(Language.PYTHON, source, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> assertThat((String) ex.properties().get("diagnostics"))
                        .contains("line 2").contains("'return' outside function"));
    }

    @Test
    void refusesPythonThatIsNotUtf8AsTheInterpreterWould() throws Exception {
        ScriptCheck check = checkWith(Language.PYTHON);
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Path invalid = Files.write(staging.resolve("source.py"),
                new byte[] {'p', 'r', 'i', 'n', 't', '(', '1', ')', '\n', '#', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

        assertThatThrownBy(() -> check.compile(Language.PYTHON, invalid, new CompileOptions(16)))
                .isInstanceOfSatisfying(FaasException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.COMPILE_ERROR));

        // A coding line makes other bytes legal, for the check as for python3.
        Path latin1 = Files.write(staging.resolve("source.py"), "# -*- coding: latin-1 -*-\nprint('\u00e9')\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(check.compile(Language.PYTHON, latin1, new CompileOptions(16))).isNotBlank();
    }

    @ParameterizedTest
    @EnumSource(names = {"JS", "PYTHON", "PHP"})
    void reportsTheRuntimeAndItsVersion(Language language) {
        LanguageSupport support = new ScriptCheck(new ToolchainRunner(TestProperties.in(dir))).support(language);

        assertThat(support.lang()).isEqualTo(language.id());
        if (support.available()) {
            assertThat(support.version()).isNotBlank();
            assertThat(support.install()).isNull();
        } else {
            assertThat(support.install()).contains("apt-get install");
        }
    }

    private ScriptCheck checkWith(Language language) {
        ScriptRuntime runtime = ScriptRuntime.of(language);
        assumeTrue(runtime.find().isPresent(), "no " + runtime.command() + ": " + runtime.installHint());
        return new ScriptCheck(new ToolchainRunner(TestProperties.in(dir)));
    }

    private Path write(Language language, String text) throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        return Files.writeString(staging.resolve("source." + language.extension()), text);
    }

    // Top-level code that would leave a file behind if the checker ran it.
    private static String valid(Language language, Path marker) {
        return switch (language) {
            case JS -> "require('fs').writeFileSync('" + marker + "', 'x');\nconsole.log('hi');\n";
            case PYTHON -> "open('" + marker + "', 'w').write('x')\nprint('hi')\n";
            case PHP -> "<?php\nfile_put_contents('" + marker + "', 'x');\necho \"hi\\n\";\n";
            default -> throw new IllegalArgumentException(language.id());
        };
    }

    private static String broken(Language language) {
        return switch (language) {
            case JS -> "let x = ;\n";
            case PYTHON -> "def f(:\n    pass\n";
            case PHP -> "$x = ;\n";
            default -> throw new IllegalArgumentException(language.id());
        };
    }
}
