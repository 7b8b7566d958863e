package dev.wasmfaas.server.activation;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.config.ServerProperties;

@WebMvcTest(ActivationController.class)
@Import({dev.wasmfaas.server.web.WebTestConfiguration.class, ActivationControllerTests.Beans.class})
class ActivationControllerTests {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TestConfiguration
    static class Beans {

        @Bean
        ServerProperties serverProperties() {
            return TestProperties.in(Path.of("unused"));
        }

        @Bean
        MutableClock clock() {
            return new MutableClock(T0);
        }

        @Bean
        ActivationStore activationStore(ServerProperties properties, MutableClock clock) {
            return new ActivationStore(properties.activations(), clock);
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ActivationStore store;

    @BeforeEach
    void record() {
        Activation queued = Activation.queued("a-1", "hello", "hello_1", false, 3, T0);
        store.put(queued.running(T0).finished(new InvocationResult("a-1", InvocationStatus.FAILED, 3, "out\n",
                "err\n", 12, "worker-2", null, true), "failed", 1024, T0.plusMillis(20)));
        store.put(Activation.queued("a-2", "hello", "hello_1", true, 0, T0.plusMillis(30)));
    }

    @Test
    void answersOneActivationWithItsOutput() throws Exception {
        mvc.perform(get("/activations/a-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.activationId").value("a-1"))
                .andExpect(jsonPath("$.name").value("hello"))
                .andExpect(jsonPath("$.functionId").value("hello_1"))
                .andExpect(jsonPath("$.status").value("failed"))
                .andExpect(jsonPath("$.exitCode").value(3))
                .andExpect(jsonPath("$.durationMs").value(12))
                .andExpect(jsonPath("$.worker").value("worker-2"))
                .andExpect(jsonPath("$.output").value("out\n"))
                .andExpect(jsonPath("$.stderr").value("err\n"))
                .andExpect(jsonPath("$.start").value("2026-11-01T00:00:00Z"))
                .andExpect(jsonPath("$.end").value("2026-11-01T00:00:00.020Z"))
                .andExpect(jsonPath("$.async").value(false));
    }

    @Test
    void listsTheNewestFirstWithoutOutput() throws Exception {
        mvc.perform(get("/activations?fn=hello&limit=1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].activationId").value("a-2"))
                .andExpect(jsonPath("$[0].status").value("queued"))
                .andExpect(jsonPath("$[0].async").value(true))
                .andExpect(jsonPath("$[0].output").doesNotExist());
        mvc.perform(get("/activations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2));
        mvc.perform(get("/activations?fn=nobody"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
    }

    @Test
    void answersProblemsForBadInput() throws Exception {
        problem(get("/activations/nope"), 404, "activation-not-found");
        problem(get("/activations/a.b"), 400, "bad-request");
        problem(get("/activations?limit=0"), 400, "bad-request");
        problem(get("/activations?limit=201"), 400, "bad-request");
        problem(get("/activations?limit=ten"), 400, "bad-request");
        problem(get("/activations?limit=+5"), 400, "bad-request");
        problem(get("/activations?fn=a/b"), 400, "invalid-name");
        problem(get("/activations?fn="), 400, "invalid-name");
        problem(delete("/activations/a-1"), 405, "method-not-allowed");
    }

    private void problem(org.springframework.test.web.servlet.RequestBuilder request, int status, String type)
            throws Exception {
        ResultActions result = mvc.perform(request);
        result.andExpect(status().is(status))
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.startsWith("application/problem+json")))
                .andExpect(jsonPath("$.type").value("/problems/" + type))
                .andExpect(jsonPath("$.ok").value(false));
    }
}
