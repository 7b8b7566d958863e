package dev.wasmfaas.balancer.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.wasmfaas.common.contract.Strategy;

@WebMvcTest(StrategyController.class)
class StrategyControllerTests {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private SlotScheduler scheduler;

    @Test
    void answersTheStrategyInForce() {
        given(scheduler.strategy()).willReturn(Strategy.WEIGHTED);

        assertThat(mvc.get().uri("/strategy")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
                {"strategy":"WEIGHTED"}""");
    }

    @Test
    void switchesToAStrategyNamedInAnyCase() {
        given(scheduler.switchTo(Strategy.FIFO)).willReturn(Strategy.FIFO);

        assertThat(mvc.put().uri("/strategy").contentType(MediaType.APPLICATION_JSON).content("""
                {"strategy":"fifo"}""")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
                {"strategy":"FIFO"}""");
        verify(scheduler).switchTo(Strategy.FIFO);
    }

    @Test
    void anUnknownOrMissingStrategyIsABadRequest() {
        for (String body : new String[] { "{\"strategy\":\"LIFO\"}", "{}" }) {
            assertThat(mvc.put().uri("/strategy").contentType(MediaType.APPLICATION_JSON).content(body))
                    .hasStatus(HttpStatus.BAD_REQUEST)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson()
                    .isLenientlyEqualTo("""
                            {"type":"/problems/bad-request","status":400,"ok":false}""");
        }
        verify(scheduler, never()).switchTo(any());
    }
}
