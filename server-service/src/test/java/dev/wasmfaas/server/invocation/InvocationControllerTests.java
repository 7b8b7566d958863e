package dev.wasmfaas.server.invocation;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
                .andExpect(jsonPath("$.durationMs").value(3));
    }

    @Test
    void answersATimeoutAsA504Problem() throws Exception {
        given(invocations.invoke(any(), any())).willThrow(new FaasException(ErrorKind.TIMEOUT,
                "function exceeded its 10000 ms time limit", Map.of("output", "partial")));

        mvc.perform(post("/invoke?fn=loop"))
                .andExpect(status().isGatewayTimeout())
                .andExpect(jsonPath("$.type").value("/problems/timeout"))
                .andExpect(jsonPath("$.ok").value(false))
                .andExpect(jsonPath("$.output").value("partial"));
    }
}
