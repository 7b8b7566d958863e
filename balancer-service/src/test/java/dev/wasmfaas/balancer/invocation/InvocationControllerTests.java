package dev.wasmfaas.balancer.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationWire;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.Problems;
import dev.wasmfaas.common.error.RemoteProblemException;

@WebMvcTest(InvocationController.class)
class InvocationControllerTests {

    private static final InvocationRequest REQUEST = new InvocationRequest("a-1", "hello_1", "hello", "c",
            "/srv/functions/hello_1/module.wasm", "abc", "hello".getBytes(StandardCharsets.UTF_8), List.of("x"),
            Map.of("K", "V"), new Limits(1000, 16, 4096));

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private InvocationDispatcher dispatcher;

    @Test
    void passesTheInvocationOnAndTheWorkersAnswerBackUntouched() {
        given(dispatcher.dispatch(any())).willReturn(new WorkerAnswer(List.of(
                new String[] {InvocationWire.STATUS, "SUCCESS"}, new String[] {InvocationWire.STDOUT_BYTES, "3"},
                new String[] {InvocationWire.WORKER, "worker-1"}), "hi\nwarn".getBytes(StandardCharsets.UTF_8)));

        MvcTestResult answer = mvc.perform(invoke());

        assertThat(answer).hasStatusOk().hasContentType(MediaType.APPLICATION_OCTET_STREAM)
                .hasHeader(InvocationWire.STATUS, "SUCCESS").hasHeader(InvocationWire.WORKER, "worker-1")
                .hasHeader(InvocationWire.STDOUT_BYTES, "3")
                .body().isEqualTo("hi\nwarn".getBytes(StandardCharsets.UTF_8));
        ArgumentCaptor<Forwarded> sent = ArgumentCaptor.forClass(Forwarded.class);
        verify(dispatcher).dispatch(sent.capture());
        assertThat(sent.getValue().body()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(sent.getValue().activationId()).isEqualTo("a-1");
        assertThat(sent.getValue().maxOutputBytes()).isEqualTo(4096);
        assertThat(sent.getValue().headers()).extracting(header -> header[0] + ": " + header[1])
                .contains("Faas-Memory-Mb: 16", "Faas-Env: K=V", "Faas-Arg: x", "Faas-Function-Id: hello_1")
                .noneMatch(header -> header.startsWith("Content-Type"));
    }

    @Test
    void anInvocationWithoutItsHeadersIsABadRequest() {
        assertThat(mvc.post().uri("/invoke").contentType(MediaType.APPLICATION_OCTET_STREAM).content("hello"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/bad-request","ok":false}""");
    }

    @Test
    void noReadyWorkerIsServiceUnavailable() {
        given(dispatcher.dispatch(any())).willThrow(new FaasException(ErrorKind.NO_WORKER, "no worker is ready"));

        assertThat(mvc.perform(invoke()))
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

        assertThat(mvc.perform(invoke()))
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

        assertThat(mvc.perform(invoke()))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body()
                .isEqualTo(problem);
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

    private static MockHttpServletRequestBuilder invoke() {
        MockHttpServletRequestBuilder post = MockMvcRequestBuilders.post("/invoke")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).content(REQUEST.input());
        InvocationWire.writeRequest(REQUEST, (name, value) -> post.header(name, value));
        return post;
    }
}
