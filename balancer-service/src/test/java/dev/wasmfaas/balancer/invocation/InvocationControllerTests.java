package dev.wasmfaas.balancer.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.Problems;
import dev.wasmfaas.common.error.RemoteProblemException;

@WebMvcTest(InvocationController.class)
class InvocationControllerTests {

    // "hello" in base64, as Jackson writes byte[].
    private static final String REQUEST = """
            {"activationId":"a-1","functionId":"hello_1","name":"hello","lang":"c",
             "artifact":"/srv/functions/hello_1/module.wasm","digest":"abc","input":"aGVsbG8=",
             "args":["x"],"env":{"K":"V"},"limits":{"timeoutMs":1000,"memoryMb":16,"maxOutputBytes":4096}}""";

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private InvocationDispatcher dispatcher;

    @Test
    void answersTheWorkersResult() {
        given(dispatcher.dispatch(any())).willReturn(
                new InvocationResult("a-1", InvocationStatus.SUCCESS, 0, "hi\n", "", 3, "worker-1", null, true));

        assertThat(invoke())
                .hasStatusOk()
                .hasContentType(MediaType.APPLICATION_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"activationId":"a-1","status":"SUCCESS","exitCode":0,"stdout":"hi\\n","stderr":"",
                         "durationMs":3,"worker":"worker-1","coldStart":true}""");

        ArgumentCaptor<InvocationRequest> sent = ArgumentCaptor.forClass(InvocationRequest.class);
        verify(dispatcher).dispatch(sent.capture());
        assertThat(new String(sent.getValue().input(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(sent.getValue().limits().memoryMb()).isEqualTo(16);
        assertThat(sent.getValue().env()).containsEntry("K", "V");
    }

    @Test
    void noReadyWorkerIsServiceUnavailable() {
        given(dispatcher.dispatch(any())).willThrow(new FaasException(ErrorKind.NO_WORKER, "no worker is ready"));

        assertThat(invoke())
                .hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/no-worker","title":"No worker available","status":503,"ok":false}""");
    }

    @Test
    void aLostWorkerIsBadGatewayNamingTheWorker() {
        given(dispatcher.dispatch(any())).willThrow(new FaasException(ErrorKind.WORKER_LOST,
                "the connection to worker worker-2 broke during the invocation", Problems.props("worker", "worker-2")));

        assertThat(invoke())
                .hasStatus(HttpStatus.BAD_GATEWAY)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/worker-lost","status":502,"ok":false,"worker":"worker-2",
                         "detail":"the connection to worker worker-2 broke during the invocation"}""");
    }

    @Test
    void relaysAWorkersProblemVerbatim() {
        byte[] problem = """
                {"type":"/problems/bad-request","status":400,"ok":false,"detail":"no such module","extra":[1,2]}"""
                .getBytes(StandardCharsets.UTF_8);
        given(dispatcher.dispatch(any()))
                .willThrow(new RemoteProblemException(400, problem, MediaType.APPLICATION_PROBLEM_JSON_VALUE));

        assertThat(invoke())
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body()
                .isEqualTo(problem);
    }

    @Test
    void aBodyThatIsNotJsonIsAProblem() {
        assertThat(mvc.post().uri("/invoke").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/unsupported-media-type","ok":false}""");
    }

    @Test
    void springsOwnErrorsAreProblemsOfThePlatform() {
        assertThat(mvc.get().uri("/invoke"))
                .hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/method-not-allowed","status":405,"ok":false}""");
        assertThat(mvc.get().uri("/nowhere"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/not-found","status":404,"ok":false}""");
    }

    private MockMvcTester.MockMvcRequestBuilder invoke() {
        return mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_JSON).content(REQUEST);
    }
}
