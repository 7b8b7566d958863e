package dev.wasmfaas.worker.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HtmlRuntimeTests {

    static final String PAGE = "<!doctype html>\n<h1>Bonjour ✓</h1>\n";

    @TempDir
    Path dir;

    final HtmlRuntime runtime = new HtmlRuntime();

    @Test
    void answersTheStoredTextWhateverTheInput() throws IOException {
        Path page = Files.writeString(dir.resolve("source.html"), PAGE);

        InvocationResult result = runtime.run(request(page, ArtifactFile.sha256(Files.readAllBytes(page)),
                Limits.DEFAULTS));

        assertThat(result.status()).isEqualTo(InvocationStatus.SUCCESS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(PAGE);
        assertThat(result.stderr()).isEmpty();
        assertThat(result.activationId()).isEqualTo("act-1");
    }

    @Test
    void aPageLargerThanTheOutputCapIsCut() throws IOException {
        Path page = Files.writeString(dir.resolve("source.html"), PAGE);

        InvocationResult result = runtime.run(request(page, ArtifactFile.sha256(Files.readAllBytes(page)),
                new Limits(1000, 128, 15)));

        assertThat(result.status()).isEqualTo(InvocationStatus.OUTPUT_LIMIT);
        assertThat(result.stdout()).isEqualTo("<!doctype html>");
        assertThat(result.message()).contains("15 bytes");
    }

    @Test
    void aChangedOrMissingPageIsAPlatformError() throws IOException {
        Path page = Files.writeString(dir.resolve("source.html"), PAGE);

        assertThatExceptionOfType(FaasException.class)
                .isThrownBy(() -> runtime.run(request(page, "00".repeat(32), Limits.DEFAULTS)))
                .matches(ex -> ex.kind() == ErrorKind.INTERNAL);
        assertThatExceptionOfType(FaasException.class)
                .isThrownBy(() -> runtime.run(request(dir.resolve("gone.html"), "00".repeat(32), Limits.DEFAULTS)))
                .matches(ex -> ex.kind() == ErrorKind.FUNCTION_NOT_FOUND);
    }

    private static InvocationRequest request(Path page, String digest, Limits limits) {
        return new InvocationRequest("act-1", "page_1", "page", "html", page.toString(), digest,
                "ignored".getBytes(StandardCharsets.UTF_8), List.of(), Map.of(), limits);
    }
}
