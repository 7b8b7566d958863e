package dev.wasmfaas.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class InvokerKeyTests {

    @Test
    void takesTheInvokeKeyFirstThenTheApiKeyFromTheEnvironment() {
        assertThat(Invoker.apiKey(Map.of("FAAS_INVOKE_KEY", "inv", "FAAS_API_KEY", "api"))).hasValue("inv");
        assertThat(Invoker.apiKey(Map.of("FAAS_API_KEY", "api"))).hasValue("api");
        assertThat(Invoker.apiKey(Map.of("FAAS_INVOKE_KEY", " "))).isEmpty();
        assertThat(Invoker.apiKey(Map.of())).isEmpty();
    }
}
