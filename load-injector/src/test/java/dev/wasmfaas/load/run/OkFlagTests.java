package dev.wasmfaas.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OkFlagTests {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ok\":true,\"output\":\"Hello\\n\"}",
        " {\n \"ok\" : true }",
        "{\"id\":\"hello_1\",\"output\":\"{\\\"ok\\\":false}\",\"ok\":true}",
        "{\"nested\":{\"ok\":false,\"list\":[{\"ok\":false}]},\"ok\":true}",
        "{\"n\":-1.5e3,\"t\":null,\"b\":false,\"s\":\"a,b}\",\"ok\":true}"
    })
    void findsTheTopLevelTrue(String json) {
        assertThat(read(json)).hasValue(true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ok\":false,\"exitCode\":1}",
        "{\"output\":\"\\\"ok\\\":true\",\"ok\":false}",
        "{\"ok\":false,\"type\":\"/problems/timeout\",\"status\":504}"
    })
    void findsTheTopLevelFalse(String json) {
        assertThat(read(json)).hasValue(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "hello", "[{\"ok\":true}]", "{}", "{\"nested\":{\"ok\":true}}", "{\"ok\":\"true\"}", "{\"ok\":1}",
        "{\"okay\":true}", "{\"o\":true}", "{\"output\":\"unterminated", "{\"ok\"", "{\"ok\":", "{\"a\":1 \"ok\":true}"
    })
    void findsNothingWithoutATopLevelBoolean(String json) {
        assertThat(read(json)).isEmpty();
    }

    private static Optional<Boolean> read(String json) {
        return OkFlag.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
