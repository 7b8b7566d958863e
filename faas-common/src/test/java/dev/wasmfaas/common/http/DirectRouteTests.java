package dev.wasmfaas.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

class DirectRouteTests {

    private final List<Exception> resolved = new ArrayList<>();
    private final HandlerExceptionResolver problems = (request, response, handler, ex) -> {
        resolved.add(ex);
        response.setStatus(418);
        return new ModelAndView();
    };
    private final DirectRoute route = new DirectRoute("POST", "/invoke", (request, response) -> {
        if (request.getParameter("fail") != null) {
            throw new IllegalStateException("refused");
        }
        response.setStatus(200);
        response.getOutputStream().write(request.getInputStream().readAllBytes());
    }, problems);

    @Test
    void servesItsRouteWithoutGoingDownTheChain() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/invoke");
        request.setContent("stdin".getBytes());
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        route.doFilter(request, response, chain);

        assertThat(response.getContentAsString()).isEqualTo("stdin");
        assertThat(chain.getRequest()).as("the chain was not called").isNull();
    }

    @Test
    void passesEveryOtherMethodAndPathDownTheChain() throws Exception {
        for (MockHttpServletRequest request : List.of(new MockHttpServletRequest("GET", "/invoke"),
                new MockHttpServletRequest("POST", "/invoke/more"), new MockHttpServletRequest("POST", "/deploy"))) {
            MockFilterChain chain = new MockFilterChain();
            route.doFilter(request, new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(request.getMethod() + " " + request.getRequestURI()).isSameAs(request);
        }
    }

    @Test
    void answersAFailureThroughTheProblemMapping() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/invoke");
        request.setParameter("fail", "yes");
        MockHttpServletResponse response = new MockHttpServletResponse();

        route.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(418);
        assertThat(resolved).singleElement().extracting(Exception::getMessage).isEqualTo("refused");
    }

    @Test
    void letsAFailureNoMappingTakesThrough() {
        DirectRoute unmapped = new DirectRoute("POST", "/invoke", (request, response) -> {
            throw new IOException("gone");
        }, (request, response, handler, ex) -> null);

        assertThatThrownBy(() -> unmapped.doFilter(new MockHttpServletRequest("POST", "/invoke"),
                new MockHttpServletResponse(), new MockFilterChain())).isInstanceOf(IOException.class).hasMessage("gone");
    }
}
