package dev.wasmfaas.server.deployment;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

@WebMvcTest(DeploymentController.class)
@Import(dev.wasmfaas.server.web.WebTestConfiguration.class)
class DeploymentControllerTests {

    // curl --data-binary sends this as a form; every byte must still reach the compiler.
    private static final String SOURCE = "#include <stdio.h>\nint main(){ printf(\"a+b=%d&c\\n\", 1+2); }\n";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    DeploymentService deployments;
    @MockitoBean
    FunctionRegistry registry;
    @MockitoBean
    FunctionStore store;

    @Test
    void deploysTheRawBodyOfAFormEncodedPost() throws Exception {
        byte[] source = SOURCE.getBytes(StandardCharsets.UTF_8);
        given(deployments.deploy(eq("hello"), eq("c"), eq(source))).willReturn(metadata());

        mvc.perform(post("/deploy?name=hello&lang=c").contentType(MediaType.APPLICATION_FORM_URLENCODED).content(source))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/function/hello"))
                .andExpect(content().json("{\"ok\":true,\"id\":\"hello_1\",\"name\":\"hello\",\"lang\":\"c\",\"wasm\":true}",
                        org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @Test
    void answersAProblemWithOkFalse() throws Exception {
        given(deployments.deploy(any(), any(), any())).willThrow(new FaasException(ErrorKind.COMPILE_ERROR,
                "the C source does not compile", Map.of("diagnostics", "source.c:1: error: x")));

        mvc.perform(post("/deploy?name=hello&lang=c").content("x"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.ok").value(false))
                .andExpect(jsonPath("$.type").value("/problems/compile-error"))
                .andExpect(jsonPath("$.diagnostics").value("source.c:1: error: x"));
    }

    @Test
    void servesTheSourceAsPlainText() throws Exception {
        given(registry.resolve("hello")).willReturn(metadata());
        given(store.readSource(metadata())).willReturn(SOURCE.getBytes(StandardCharsets.UTF_8));

        mvc.perform(get("/function/hello"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
                .andExpect(content().bytes(SOURCE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void mapsUnknownPathsAndWrongMethodsToProblems() throws Exception {
        mvc.perform(get("/nowhere")).andExpect(status().isNotFound()).andExpect(jsonPath("$.ok").value(false));
        mvc.perform(get("/deploy")).andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("/problems/method-not-allowed"));
    }

    private static FunctionMetadata metadata() {
        return new FunctionMetadata("hello_1", "hello", "c", 1, Instant.EPOCH, "source.c", 10, "module.wasm", "ab",
                List.of(), Map.of());
    }
}
