package dev.wasmfaas.server.catalog;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.invocation.InvocationCounts;

@WebMvcTest(CatalogController.class)
@Import(dev.wasmfaas.server.web.WebTestConfiguration.class)
class CatalogControllerTests {

    private static final FunctionMetadata V1 = version(1, Instant.parse("2026-01-01T00:00:00Z"), Map.of(), List.of());
    private static final FunctionMetadata V2 = version(5, Instant.parse("2026-02-01T00:00:00Z"), Map.of("K", "V"),
            List.of("--x"));

    @Autowired
    MockMvc mvc;
    @MockitoBean
    FunctionRegistry registry;
    @MockitoBean
    InvocationCounts counts;
    @MockitoBean
    ServerProperties properties;

    @Test
    void listsEachFunctionByItsNewestVersion() throws Exception {
        given(registry.latest()).willReturn(List.of(V2));
        given(registry.versions("hello")).willReturn(List.of(V1, V2));
        given(counts.of("hello_1")).willReturn(3L);
        given(counts.of("hello_5")).willReturn(4L);

        mvc.perform(get("/functions"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("hello"))
                .andExpect(jsonPath("$[0].id").value("hello_5"))
                .andExpect(jsonPath("$[0].lang").value("c"))
                .andExpect(jsonPath("$[0].version").value(2))
                .andExpect(jsonPath("$[0].createdAt").value("2026-01-01T00:00:00Z"))
                .andExpect(jsonPath("$[0].updatedAt").value("2026-02-01T00:00:00Z"))
                .andExpect(jsonPath("$[0].size").value(100))
                .andExpect(jsonPath("$[0].invocations").value(7));
    }

    @Test
    void detailsAFunctionWithItsConfigurationAndVersions() throws Exception {
        given(registry.versions("hello")).willReturn(List.of(V1, V2));
        given(properties.limits()).willReturn(TestProperties.in(Path.of("/tmp")).limits());

        mvc.perform(get("/functions/hello"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.function.id").value("hello_5"))
                .andExpect(jsonPath("$.env.K").value("V"))
                .andExpect(jsonPath("$.args[0]").value("--x"))
                .andExpect(jsonPath("$.limits.timeoutMs").value(10000))
                .andExpect(jsonPath("$.limits.stackKb").value(2048))
                .andExpect(jsonPath("$.versions[0].id").value("hello_1"))
                .andExpect(jsonPath("$.versions[1].version").value(2));
    }

    @Test
    void showsNoStackForALanguageWhoseStackIsNotThePlatforms() throws Exception {
        given(registry.versions("script")).willReturn(List.of(new FunctionMetadata("script_2", "script", "python", 2,
                Instant.EPOCH, "source.py", 10, "source.py", "d", List.of(), Map.of(), null)));
        given(properties.limits()).willReturn(TestProperties.in(Path.of("/tmp")).limits());

        mvc.perform(get("/functions/script"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limits.memoryMb").value(128))
                .andExpect(jsonPath("$.limits.stackKb").isEmpty());
    }

    @Test
    void anUnknownFunctionIsAProblem() throws Exception {
        given(registry.versions("nope")).willReturn(List.of());

        mvc.perform(get("/functions/nope")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("/problems/function-not-found"));
        mvc.perform(get("/functions/bad.name")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-name"));
    }

    private static FunctionMetadata version(long n, Instant at, Map<String, String> env, List<String> args) {
        return new FunctionMetadata("hello_" + n, "hello", "c", n, at, "source.c", 100, "module.wasm", "d" + n, args,
                env, new dev.wasmfaas.server.function.LimitOverrides(null, null, null, n == 1 ? 1024 : 2048));
    }
}
