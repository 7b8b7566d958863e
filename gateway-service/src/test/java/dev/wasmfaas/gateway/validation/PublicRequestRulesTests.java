package dev.wasmfaas.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.gateway.config.GatewayProperties;

class PublicRequestRulesTests {

    private final PublicRequestRules rules = new PublicRequestRules(
            new GatewayProperties("unix:/x.sock", 100, 10, Duration.ofSeconds(1), GatewayProperties.Auth.none()));

    @Test
    void limitsSourcesAndPayloadsSeparately() {
        assertThat(rules.bodyLimit(request("POST", "/deploy"))).isEqualTo(100);
        assertThat(rules.bodyLimit(request("POST", "/invoke"))).isEqualTo(10);
    }

    @Test
    void checksTheNameAndLanguageOfADeploy() {
        assertKind(deploy(null, "c"), ErrorKind.INVALID_NAME);
        assertKind(deploy("", "c"), ErrorKind.INVALID_NAME);
        assertKind(deploy("a/b", "c"), ErrorKind.INVALID_NAME);
        assertKind(deploy("x".repeat(65), "c"), ErrorKind.INVALID_NAME);
        assertKind(deploy("été", "c"), ErrorKind.INVALID_NAME);
        assertKind(deploy("ok", null), ErrorKind.UNSUPPORTED_LANGUAGE);
        assertKind(deploy("ok", "cobol"), ErrorKind.UNSUPPORTED_LANGUAGE);
        assertThatNoException().isThrownBy(() -> rules.check(deploy("Ok_name-1", "C")));
        assertThatNoException().isThrownBy(() -> rules.check(deploy("x".repeat(64), "c")));
    }

    @Test
    void needsTheFunctionOfAnInvocation() {
        assertKind(request("POST", "/invoke"), ErrorKind.BAD_REQUEST);
        MockHttpServletRequest invoke = request("POST", "/invoke");
        invoke.setParameter("fn", "hello_1");
        assertThatNoException().isThrownBy(() -> rules.check(invoke));
    }

    @Test
    void checksTheNameInASourcePath() {
        assertKind(request("GET", "/function/a.b"), ErrorKind.INVALID_NAME);
        assertThatNoException().isThrownBy(() -> rules.check(request("GET", "/function/hello")));
    }

    @Test
    void checksActivationReadsAndAsynchronousInvocations() {
        assertKind(request("GET", "/activations/a.b"), ErrorKind.BAD_REQUEST);
        assertKind(request("GET", "/activations/" + "a".repeat(65)), ErrorKind.BAD_REQUEST);
        assertThatNoException().isThrownBy(() -> rules.check(request("GET", "/activations/0f1e-42")));
        MockHttpServletRequest list = request("GET", "/activations");
        list.setParameter("limit", "0");
        assertKind(list, ErrorKind.BAD_REQUEST);
        list.setParameter("limit", "20");
        list.setParameter("fn", "a/b");
        assertKind(list, ErrorKind.INVALID_NAME);
        list.setParameter("fn", "hello_1");
        assertThatNoException().isThrownBy(() -> rules.check(list));
        assertKind(request("POST", "/async-function/a.b"), ErrorKind.INVALID_NAME);
        assertThatNoException().isThrownBy(() -> rules.check(request("POST", "/async-function/hello")));
        MockHttpServletRequest invoke = request("POST", "/invoke");
        invoke.setParameter("fn", "hello");
        invoke.setParameter("async", "yes");
        assertKind(invoke, ErrorKind.BAD_REQUEST);
        invoke.setParameter("async", "TRUE");
        assertThatNoException().isThrownBy(() -> rules.check(invoke));
        assertThat(rules.bodyLimit(request("POST", "/async-function/hello"))).isEqualTo(10);
    }

    private MockHttpServletRequest deploy(String name, String lang) {
        MockHttpServletRequest request = request("POST", "/deploy");
        if (name != null) {
            request.setParameter("name", name);
        }
        if (lang != null) {
            request.setParameter("lang", lang);
        }
        return request;
    }

    private static MockHttpServletRequest request(String method, String uri) {
        return new MockHttpServletRequest(method, uri);
    }

    private void assertKind(MockHttpServletRequest request, ErrorKind kind) {
        assertThatThrownBy(() -> rules.check(request)).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(kind));
    }
}
