package dev.wasmfaas.server.invocation;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.RemoteProblemException;

@WebMvcTest(InvocationController.class)
@Import(dev.wasmfaas.server.web.WebTestConfiguration.class)
class InvocationControllerTests {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    InvocationService invocations;

    @Test
    void passesTheBodyAsStdinAndAnswersTheResult() throws Exception {
        given(invocations.invoke(eq("hello"), eq("a=b&c".getBytes()))).willReturn(
                new InvokeResponse(true, "hello_1", "act", "Hello from FAAS!\na=b&c", "", 0, 3, "worker-1", false));

        mvc.perform(post("/invoke?fn=hello").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("a=b&c"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ok").value(true))
                .andExpect(jsonPath("$.output").value("Hello from FAAS!\na=b&c"))
                .andExpect(jsonPath("$.exitCode").value(0))
                .andExpect(jsonPath("$.durationMs").value(3))
                .andExpect(header().string("X-Activation-Id", "act"));
    }

    @Test
    void acceptsAnAsynchronousInvocationWithWhereToReadIt() throws Exception {
        given(invocations.submit(eq("hello"), eq("in".getBytes())))
                .willReturn(new AsyncInvokeResponse(true, "act-2", "hello_1", "queued"));

        for (String target : new String[] {"/invoke?fn=hello&async=true", "/async-function/hello"}) {
            mvc.perform(post(target).content("in"))
                    .andExpect(status().isAccepted())
                    .andExpect(header().string("X-Activation-Id", "act-2"))
                    .andExpect(header().string("Location", "/activations/act-2"))
                    .andExpect(jsonPath("$.ok").value(true))
                    .andExpect(jsonPath("$.activationId").value("act-2"))
                    .andExpect(jsonPath("$.id").value("hello_1"))
                    .andExpect(jsonPath("$.status").value("queued"));
        }
    }

    @Test
    void refusesAnAsyncFlagThatIsNeitherTrueNorFalse() throws Exception {
        mvc.perform(post("/invoke?fn=hello&async=maybe"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/bad-request"));
        Mockito.verifyNoInteractions(invocations);
    }

    @Test
    void answersTheProblemOfAnInvocationWithItsActivationId() throws Exception {
        given(invocations.invoke(any(), any())).willThrow(new ActivationProblemException("act-3",
                new RemoteProblemException(429, "{\"type\":\"/problems/queue-full\",\"ok\":false}".getBytes(),
                        "application/problem+json", "1")));

        mvc.perform(post("/function/hello"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("X-Activation-Id", "act-3"))
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("/problems/queue-full"));
    }

    @Test
    void answersATimeoutAsA504Problem() throws Exception {
        given(invocations.invoke(any(), any())).willThrow(new ActivationProblemException("act-4",
                new FaasException(ErrorKind.TIMEOUT, "function exceeded its 10000 ms time limit",
                        Map.of("output", "partial"))));

        mvc.perform(post("/invoke?fn=loop"))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.type").value("/problems/timeout"))
                .andExpect(jsonPath("$.ok").value(false))
                .andExpect(jsonPath("$.output").value("partial"))
                .andExpect(header().string("X-Activation-Id", "act-4"));
    }
}
