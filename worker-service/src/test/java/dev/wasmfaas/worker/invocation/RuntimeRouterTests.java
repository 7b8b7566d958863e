package dev.wasmfaas.worker.invocation;

import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RuntimeRouterTests {

    final RuntimeRouter router = new RuntimeRouter(named("wasmtime"), named("sandbox"), named("html"));

    @ParameterizedTest
    @CsvSource({"c, wasmtime", "cpp, wasmtime", "rust, wasmtime", "go, wasmtime", "wasm, wasmtime", "js, sandbox",
            "python, sandbox", "PHP, sandbox", "html, html"})
    void handsEachLanguageToItsRuntime(String lang, String runtime) {
        assertThat(router.run(request(lang)).stdout()).isEqualTo(runtime);
    }

    @Test
    void aRequestWithoutALanguageIsAModule() {
        assertThat(router.run(request(null)).stdout()).isEqualTo("wasmtime");
    }

    @Test
    void anUnknownLanguageIsUnsupported() {
        assertThatExceptionOfType(FaasException.class).isThrownBy(() -> router.run(request("cobol")))
                .matches(ex -> ex.kind() == ErrorKind.UNSUPPORTED_LANGUAGE);
    }

    private static FunctionRuntime named(String name) {
        return request -> new InvocationResult(request.activationId(), InvocationStatus.SUCCESS, 0, name, "", 1, null,
                null, false);
    }

    private static InvocationRequest request(String lang) {
        return new InvocationRequest("act-1", "f_1", "f", lang, "/srv/f", "ab".repeat(32), new byte[0], List.of(),
                Map.of(), Limits.DEFAULTS);
    }
}
