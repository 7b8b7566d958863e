package dev.wasmfaas.worker.invocation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.WorkerProperties;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;

@WebMvcTest(InvocationController.class)
@Import({SimpleMeterRegistry.class, WorkerMetrics.class})
@EnableConfigurationProperties(WorkerProperties.class)
@TestPropertySource(properties = "faas.worker.id=worker-7")
class InvocationControllerTests {

    private static final InvocationRequest REQUEST = request("c");

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    FunctionRuntime runtime;

    @Test
    void runsTheRequestAndAnswersItsResultWithThisWorkersId() {
        given(runtime.run(any())).willReturn(new InvocationResult("act-1", InvocationStatus.FAILED, 3, "out", "err",
                12, null, null, true));

        MvcTestResult answer = mvc.perform(invoke(REQUEST));

        assertThat(answer).hasStatusOk().hasContentType(MediaType.APPLICATION_OCTET_STREAM).body()
                .isEqualTo("outerr".getBytes(StandardCharsets.UTF_8));
        assertThat(result(answer)).isEqualTo(new InvocationResult("act-1", InvocationStatus.FAILED, 3, "out", "err",
                12, "worker-7", null, true));

        ArgumentCaptor<InvocationRequest> sent = ArgumentCaptor.forClass(InvocationRequest.class);
        verify(runtime).run(sent.capture());
        assertThat(new String(sent.getValue().input(), StandardCharsets.UTF_8)).isEqualTo("hi there");
        assertThat(sent.getValue().args()).containsExactly("-v");
        assertThat(sent.getValue().env()).containsEntry("K", "V");
        assertThat(sent.getValue().limits().timeoutMs()).isEqualTo(500);
    }

    @Test
    void platformErrorsAreProblemDetails() {
        given(runtime.run(any())).willThrow(new FaasException(ErrorKind.FUNCTION_NOT_FOUND, "the module file is gone"));

        assertThat(mvc.perform(invoke(REQUEST)))
                .hasStatus(404)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/function-not-found","status":404,"detail":"the module file is gone",
                         "ok":false}
                        """);
    }

    @Test
    void unexpectedErrorsShowNoStackTrace() {
        given(runtime.run(any())).willThrow(new IllegalStateException("secret internals"));

        assertThat(mvc.perform(invoke(REQUEST)))
                .hasStatus(500)
                .bodyText()
                .contains("\"ok\":false")
                .doesNotContain("secret internals", "at dev.wasmfaas");
    }

    @Test
    void scriptLanguagesGoToTheRuntimeToo() {
        given(runtime.run(any())).willReturn(new InvocationResult("act-1", InvocationStatus.SUCCESS, 0, "hi", "",
                40, null, null, false));

        assertThat(result(mvc.perform(invoke(request("python")))).stdout()).isEqualTo("hi");

        ArgumentCaptor<InvocationRequest> sent = ArgumentCaptor.forClass(InvocationRequest.class);
        verify(runtime).run(sent.capture());
        assertThat(sent.getValue().lang()).isEqualTo("python");
    }

    @Test
    void aMissingToolchainIsAProblem() {
        given(runtime.run(any()))
                .willThrow(new FaasException(ErrorKind.TOOLCHAIN_MISSING, "bubblewrap is not installed"));

        assertThat(mvc.perform(invoke(request("js"))))
                .hasStatus(501)
                .bodyJson()
                .extractingPath("$.type").isEqualTo("/problems/toolchain-missing");
    }

    @Test
    void anInvocationWithoutItsHeadersIsABadRequestProblem() {
        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_OCTET_STREAM).content("hi"))
                .hasStatus(400)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/bad-request","ok":false}
                        """);
        assertThat(mvc.perform(invoke(REQUEST, InvocationWire.TIMEOUT_MS, "soon")))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.type").isEqualTo("/problems/bad-request");
    }

    @Test
    void argumentsAndEnvironmentArriveAsTheyWereSentWhateverTheirCharacters() {
        given(runtime.run(any())).willReturn(new InvocationResult("act-1", InvocationStatus.SUCCESS, 0, "", "",
                1, null, "ünïcode message\nline 2", false));
        InvocationRequest odd = new InvocationRequest("act-1", "hello_1", "hello", "c", "/srv/f h/module.wasm",
                "ab".repeat(32), new byte[] {0, -1, 10}, List.of(" lead", "100%", "é\t"), Map.of("A", "=x= y"),
                Limits.DEFAULTS);

        assertThat(result(mvc.perform(invoke(odd))).message()).isEqualTo("ünïcode message\nline 2");

        ArgumentCaptor<InvocationRequest> sent = ArgumentCaptor.forClass(InvocationRequest.class);
        verify(runtime).run(sent.capture());
        assertThat(sent.getValue().args()).containsExactly(" lead", "100%", "é\t");
        assertThat(sent.getValue().env()).containsExactly(Map.entry("A", "=x= y"));
        assertThat(sent.getValue().artifact()).isEqualTo("/srv/f h/module.wasm");
        assertThat(sent.getValue().input()).containsExactly(0, -1, 10);
    }

    private static InvocationRequest request(String lang) {
        return new InvocationRequest("act-1", "hello_1", "hello", lang, "/srv/functions/hello_1/module.wasm",
                "ab".repeat(32), "hi there".getBytes(StandardCharsets.UTF_8), List.of("-v"), Map.of("K", "V"),
                new Limits(500, 64, 4096));
    }

    private static MockHttpServletRequestBuilder invoke(InvocationRequest request) {
        return invoke(request, "", "");
    }

    // The request as the balancer sends it, with one header's value replaced.
    private static MockHttpServletRequestBuilder invoke(InvocationRequest request, String header, String value) {
        MockHttpServletRequestBuilder post = MockMvcRequestBuilders.post("/invoke")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(request.input());
        InvocationWire.writeRequest(request, (name, sent) -> post.header(name, name.equals(header) ? value : sent));
        return post;
    }

    private static InvocationResult result(MvcTestResult answer) {
        assertThat(answer).hasStatusOk();
        MockHttpServletResponse response = answer.getResponse();
        HttpHeaders headers = new HttpHeaders();
        response.getHeaderNames().forEach(name -> response.getHeaders(name).forEach(value -> headers.add(name, value)));
        return InvocationWire.readResult(InvocationWire.Headers.of(headers), response.getContentAsByteArray());
    }
}
