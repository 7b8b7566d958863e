package dev.wasmfaas.server.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

class InvocationRouteConfigurationTests {

    @ParameterizedTest(name = "Accept: [{0}] -> served ahead of Spring MVC: {1}")
    @CsvSource(delimiter = '|', value = {
        "|true",
        "*/*|true",
        "application/json|true",
        "application/*;q=0.5|true",
        "text/html, application/json;q=0.9|true",
        "text/html|false",
        "application/problem+json|false",
        "not a type|false"})
    void takesTheRequestsThatAcceptJson(String accept, boolean taken) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/invoke");
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        assertThat(InvocationRouteConfiguration.acceptsJson(request)).isEqualTo(taken);
    }
}
