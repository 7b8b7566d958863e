package dev.wasmfaas.worker.invocation;

import java.nio.charset.StandardCharsets;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
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
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;

@WebMvcTest(InvocationController.class)
@Import(SimpleMeterRegistry.class)
@EnableConfigurationProperties(WorkerProperties.class)
@TestPropertySource(properties = "faas.worker.id=worker-7")
class InvocationControllerTests {

    private static final String REQUEST = """
            {"activationId":"act-1","functionId":"hello_1","name":"hello","lang":"c",
             "artifact":"/srv/functions/hello_1/module.wasm","digest":"%s",
             "input":"aGkgdGhlcmU=","args":["-v"],"env":{"K":"V"},
             "limits":{"timeoutMs":500,"memoryMb":64,"maxOutputBytes":4096}}
            """.formatted("ab".repeat(32));

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    FunctionRuntime runtime;

    @Test
    void runsTheRequestAndAnswersItsResultWithThisWorkersId() {
        given(runtime.run(any())).willReturn(new InvocationResult("act-1", InvocationStatus.FAILED, 3, "out", "err",
                12, null, null, true));

        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"activationId":"act-1","status":"FAILED","exitCode":3,"stdout":"out","stderr":"err",
                         "durationMs":12,"worker":"worker-7","message":null,"coldStart":true}
                        """);

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

        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
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

        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON).content(REQUEST))
                .hasStatus(500)
                .bodyText()
                .contains("\"ok\":false")
                .doesNotContain("secret internals", "at dev.wasmfaas");
    }

    @Test
    void scriptLanguagesGoToTheRuntimeToo() {
        given(runtime.run(any())).willReturn(new InvocationResult("act-1", InvocationStatus.SUCCESS, 0, "hi", "",
                40, null, null, false));

        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON)
                .content(REQUEST.replace("\"lang\":\"c\"", "\"lang\":\"python\"")))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.stdout").isEqualTo("hi");

        ArgumentCaptor<InvocationRequest> sent = ArgumentCaptor.forClass(InvocationRequest.class);
        verify(runtime).run(sent.capture());
        assertThat(sent.getValue().lang()).isEqualTo("python");
    }

    @Test
    void aMissingToolchainIsAProblem() {
        given(runtime.run(any()))
                .willThrow(new FaasException(ErrorKind.TOOLCHAIN_MISSING, "bubblewrap is not installed"));

        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON)
                .content(REQUEST.replace("\"lang\":\"c\"", "\"lang\":\"js\"")))
                .hasStatus(501)
                .bodyJson()
                .extractingPath("$.type").isEqualTo("/problems/toolchain-missing");
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON).content("{\"input\":"))
                .hasStatus(400)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.ok").isEqualTo(false);
    }
}
