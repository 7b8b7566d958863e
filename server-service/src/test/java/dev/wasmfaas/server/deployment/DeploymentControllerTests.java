package dev.wasmfaas.server.deployment;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
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
import dev.wasmfaas.server.config.ServerProperties;
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
    @MockitoBean
    ModuleEviction eviction;
    @MockitoBean
    ServerProperties properties;

    @org.junit.jupiter.api.BeforeEach
    void limits() {
        ServerProperties test = dev.wasmfaas.server.TestProperties.in(java.nio.file.Path.of("/tmp"),
                new ServerProperties.Compile(java.time.Duration.ofSeconds(60), 1, null, 100, 1000));
        given(properties.limits()).willReturn(test.limits());
        given(properties.compile()).willReturn(test.compile());
    }

    @Test
    void deploysTheRawBodyOfAFormEncodedPost() throws Exception {
        byte[] source = SOURCE.getBytes(StandardCharsets.UTF_8);
        given(deployments.deploy(eq("hello"), eq("c"), eq(source), eq(new FunctionConfig(Map.of(), List.of()))))
                .willReturn(metadata());

        mvc.perform(post("/deploy?name=hello&lang=c").contentType(MediaType.APPLICATION_FORM_URLENCODED).content(source))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/functions/hello"))
                .andExpect(content().json("{\"ok\":true,\"id\":\"hello_1\",\"name\":\"hello\",\"lang\":\"c\",\"wasm\":true}",
                        org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @Test
    void answersAProblemWithOkFalse() throws Exception {
        given(deployments.deploy(any(), any(), any(), any())).willThrow(new FaasException(ErrorKind.COMPILE_ERROR,
                "the C source does not compile", Map.of("diagnostics", "source.c:1: error: x")));

        mvc.perform(post("/deploy?name=hello&lang=c").content("x"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.ok").value(false))
                .andExpect(jsonPath("$.type").value("/problems/compile-error"))
                .andExpect(jsonPath("$.diagnostics").value("source.c:1: error: x"));
    }

    @Test
    void passesRepeatedEnvAndArgParameters() throws Exception {
        given(deployments.deploy(eq("hello"), eq("c"), any(), eq(new FunctionConfig(
                Map.of("GREETING", "a=b c", "EMPTY", ""), List.of("--loud", "two words"))))).willReturn(metadata());

        // A URI, not a template: the query is sent as written, already encoded.
        mvc.perform(post(java.net.URI.create(
                "/deploy?name=hello&lang=c&env=GREETING%3Da%3Db+c&env=EMPTY%3D&arg=--loud&arg=two%20words"))
                .content("x")).andExpect(status().isCreated());
    }

    @Test
    void keepsASingleEnvOrArgAsSentWithItsCommasAndSpaces() throws Exception {
        given(deployments.deploy(eq("hello"), eq("c"), any(), eq(new FunctionConfig(
                Map.of("LIST", "a,b "), List.of(" x,y "))))).willReturn(metadata());
        given(deployments.update(eq("hello"), eq("c"), any(), eq(new FunctionConfig(
                Map.of("LIST", "a,b "), List.of(" x,y "))))).willReturn(metadata());

        mvc.perform(post(java.net.URI.create("/deploy?name=hello&lang=c&env=LIST%3Da%2Cb%20&arg=%20x%2Cy%20"))
                .content("x")).andExpect(status().isCreated());
        mvc.perform(put(java.net.URI.create("/functions/hello?lang=c&env=LIST%3Da%2Cb%20&arg=%20x%2Cy%20"))
                .content("x")).andExpect(status().isOk());
    }

    @Test
    void refusesANulInASingleArgOrEnv() throws Exception {
        // Bound as a List, a lone %00 was trimmed away and the function deployed with an empty argument.
        for (String query : List.of("arg=%00", "arg=a%00", "env=A%3D%00", "env=A%3Dx%00")) {
            mvc.perform(post(java.net.URI.create("/deploy?name=hello&lang=c&" + query)).content("x"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("/problems/bad-request"));
        }
        org.mockito.Mockito.verifyNoInteractions(deployments);
    }

    @Test
    void refusesAMalformedEnv() throws Exception {
        mvc.perform(post("/deploy?name=hello&lang=c&env=1BAD%3Dx").content("x"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/bad-request"));
        mvc.perform(post("/deploy?name=hello&lang=c&env=NOEQUALS").content("x"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void takesPerFunctionLimitsWithinTheirCeilings() throws Exception {
        given(deployments.deploy(eq("hello"), eq("c"), any(), eq(new FunctionConfig(Map.of(), List.of(),
                new dev.wasmfaas.server.function.LimitOverrides(500L, 64, 2048))))).willReturn(metadata());

        mvc.perform(post("/deploy?name=hello&lang=c&timeoutMs=500&memoryMb=64&maxOutputKb=2").content("x"))
                .andExpect(status().isCreated());
        mvc.perform(post("/deploy?name=hello&lang=c&timeoutMs=60001").content("x"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("timeoutMs is a whole number from 1 to 60000"));
        mvc.perform(post("/deploy?name=hello&lang=c&memoryMb=0").content("x")).andExpect(status().isBadRequest());
        mvc.perform(post("/deploy?name=hello&lang=c&maxOutputKb=lots").content("x"))
                .andExpect(status().isBadRequest());
        // A NUL or another control character is not whitespace around a number: trim() let "1%00" through as 1.
        for (String limit : List.of("memoryMb=1%00", "timeoutMs=%00500", "maxOutputKb=2%01", "memoryMb=%D9%A1")) {
            mvc.perform(post(java.net.URI.create("/deploy?name=hello&lang=c&" + limit)).content("x"))
                    .andExpect(status().isBadRequest());
        }
        org.mockito.Mockito.verify(deployments, org.mockito.Mockito.times(1)).deploy(any(), any(), any(), any());
    }

    @Test
    void takesAStackWithinItsCeilingAtDeployAndUpdate() throws Exception {
        FunctionConfig stack = new FunctionConfig(Map.of(), List.of(),
                new dev.wasmfaas.server.function.LimitOverrides(null, 8, null, 4096));
        given(deployments.deploy(eq("hello"), eq("c"), any(), eq(stack))).willReturn(metadata());
        given(deployments.update(eq("hello"), eq("c"), any(), eq(stack))).willReturn(metadata());

        mvc.perform(post("/deploy?name=hello&lang=c&stackKb=4096&memoryMb=8").content("x"))
                .andExpect(status().isCreated());
        mvc.perform(put("/functions/hello?lang=c&stackKb=4096&memoryMb=8").content("x")).andExpect(status().isOk());
        for (String bad : List.of("stackKb=0", "stackKb=65537", "stackKb=-1", "stackKb=1k", "stackKb=1%00",
                "stackKb=%D9%A1", "stackKb=99999999999999999999")) {
            mvc.perform(post(java.net.URI.create("/deploy?name=hello&lang=c&" + bad)).content("x"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("/problems/bad-request"))
                    .andExpect(jsonPath("$.detail").value("stackKb is a whole number from 1 to 65536"));
            mvc.perform(put(java.net.URI.create("/functions/hello?lang=c&" + bad)).content("x"))
                    .andExpect(status().isBadRequest());
        }
        org.mockito.Mockito.verify(deployments, org.mockito.Mockito.times(1)).deploy(any(), any(), any(), any());
        org.mockito.Mockito.verify(deployments, org.mockito.Mockito.times(1)).update(any(), any(), any(), any());
    }

    @Test
    void refusesASourceOrAModuleOverItsCapBeforeReadingItWhole() throws Exception {
        given(deployments.deploy(any(), any(), any(), any())).willReturn(metadata());

        mvc.perform(post("/deploy?name=hello&lang=c").content(new byte[101]))
                .andExpect(status().is(413))
                .andExpect(jsonPath("$.type").value("/problems/payload-too-large"));
        mvc.perform(put("/functions/hello?lang=rust").content(new byte[101])).andExpect(status().is(413));
        mvc.perform(post("/deploy?name=hello&lang=wasm").content(new byte[1001]))
                .andExpect(status().is(413));
        org.mockito.Mockito.verifyNoInteractions(deployments);

        mvc.perform(post("/deploy?name=hello&lang=wasm").content(new byte[1000])).andExpect(status().isCreated());
        // a payload is not held to the caps of uploads: it passes the filter (and finds no controller in this slice)
        mvc.perform(post("/invoke?fn=hello").content(new byte[1001])).andExpect(status().isNotFound());
    }

    @Test
    void updatesAndDeletesByName() throws Exception {
        given(deployments.update(eq("hello"), eq("c"), any(), any())).willReturn(metadata());
        given(deployments.delete("hello")).willReturn(List.of(metadata()));

        mvc.perform(put("/functions/hello?lang=c").content("int main(){}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.id").value("hello_1"));
        mvc.perform(delete("/functions/hello"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.removed[0]").value("hello_1"));
        org.mockito.Mockito.verify(eviction).evict(List.of(metadata()));
    }

    @Test
    void servesEachSourceWithItsOwnTypeAndAModuleAsWasm() throws Exception {
        Map<String, String> types = Map.of("c", "text/x-c;charset=UTF-8", "cpp", "text/x-c++;charset=UTF-8",
                "rust", "text/x-rust;charset=UTF-8", "go", "text/x-go;charset=UTF-8",
                "js", "text/javascript;charset=UTF-8", "python", "text/x-python;charset=UTF-8",
                "php", "text/x-php;charset=UTF-8", "html", "text/plain;charset=UTF-8", "wasm", "application/wasm");
        for (Map.Entry<String, String> type : types.entrySet()) {
            FunctionMetadata function = metadata(type.getKey());
            given(registry.resolve("hello")).willReturn(function);
            given(store.readSource(function)).willReturn(SOURCE.getBytes(StandardCharsets.UTF_8));

            mvc.perform(get("/function/hello").header("Accept", "text/html,*/*;q=0.8"))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Content-Type", type.getValue()))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("X-Function-Id", "hello_1"))
                    .andExpect(content().bytes(SOURCE.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void mapsUnknownPathsAndWrongMethodsToProblems() throws Exception {
        mvc.perform(get("/nowhere")).andExpect(status().isNotFound()).andExpect(jsonPath("$.ok").value(false));
        mvc.perform(get("/deploy")).andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("/problems/method-not-allowed"));
    }

    private static FunctionMetadata metadata() {
        return metadata("c");
    }

    private static FunctionMetadata metadata(String lang) {
        return new FunctionMetadata("hello_1", "hello", lang, 1, Instant.EPOCH, "source." + lang, 10, "module.wasm",
                "ab", List.of(), Map.of(), null);
    }
}
