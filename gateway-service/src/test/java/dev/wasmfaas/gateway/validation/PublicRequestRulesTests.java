package dev.wasmfaas.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import dev.wasmfaas.common.contract.FunctionName;
import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.gateway.config.GatewayProperties;

class PublicRequestRulesTests {

    private final PublicRequestRules rules = new PublicRequestRules(
            new GatewayProperties("unix:/x.sock", 100, 1000, 10, Duration.ofSeconds(1), GatewayProperties.Auth.none()));

    @Test
    void limitsSourcesModulesAndPayloadsSeparately() {
        assertThat(rules.bodyLimit(request("POST", "/deploy"), Map.of("lang", List.of("c")))).isEqualTo(100);
        assertThat(rules.bodyLimit(request("POST", "/deploy"), Map.of())).isEqualTo(100);
        assertThat(rules.bodyLimit(request("POST", "/deploy"), Map.of("lang", List.of("wasm")))).isEqualTo(1000);
        assertThat(rules.bodyLimit(request("POST", "/deploy"), Map.of("lang", List.of("WASM")))).isEqualTo(1000);
        assertThat(rules.bodyLimit(request("PUT", "/functions/hello"), Map.of("lang", List.of("wasm")))).isEqualTo(1000);
        assertThat(rules.bodyLimit(request("PUT", "/functions/hello"), Map.of("lang", List.of("rust")))).isEqualTo(100);
        // given twice, lang is refused later; the smaller cap holds until then
        assertThat(rules.bodyLimit(request("POST", "/deploy"), Map.of("lang", List.of("wasm", "wasm")))).isEqualTo(100);
        assertThat(rules.bodyLimit(request("POST", "/invoke"), Map.of("lang", List.of("wasm")))).isEqualTo(10);
        assertThat(rules.bodyLimit(request("POST", "/invoke"), Map.of())).isEqualTo(10);
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
        assertThat(rules.bodyLimit(request("POST", "/async-function/hello"), Map.of())).isEqualTo(10);
    }

    @Property(tries = 500)
    void noNameOutsideTheAlphabetPassesAnyRoute(@ForAll("names") String name, @ForAll("namedRoutes") String route) {
        Assume.that(!FunctionName.isValid(name));
        MockHttpServletRequest request = switch (route) {
            case "deploy" -> deploy(name, "c");
            case "update" -> withLang(request("PUT", "/functions/" + name), "c");
            default -> request(route.substring(0, route.indexOf(' ')), route.substring(route.indexOf(' ') + 1) + name);
        };
        assertKind(request, ErrorKind.INVALID_NAME);
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> tricks = Arbitraries.of("..", "../x", "a/b", "%2F", "%2e%2e", " ", "\t", "\n", "\0", "\u202e", "é",
                "\uD83D\uDE00", ".", ";", "%00", "x".repeat(65), "x".repeat(10_000), "");
        Arbitrary<String> word = Arbitraries.strings().alpha().numeric().ofMaxLength(10);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), tricks,
                Combinators.combine(word, tricks, word).as((a, t, b) -> a + t + b));
    }

    @Provide
    Arbitrary<String> namedRoutes() {
        return Arbitraries.of("deploy", "update", "DELETE /functions/", "GET /functions/", "GET /function/",
                "POST /function/", "POST /async-function/");
    }

    @Property(tries = 300)
    void aLanguageIsOneOfTheListInAnyCase(@ForAll("languages") String lang) {
        if (Language.fromId(lang).isPresent()) {
            assertThatNoException().isThrownBy(() -> rules.check(deploy("ok", lang)));
        } else {
            assertKind(deploy("ok", lang), ErrorKind.UNSUPPORTED_LANGUAGE);
            assertKind(withLang(request("PUT", "/functions/ok"), lang), ErrorKind.UNSUPPORTED_LANGUAGE);
        }
    }

    @Provide
    Arbitrary<String> languages() {
        Arbitrary<String> oddCase = Arbitraries.of(Language.values()).flatMap(l -> Arbitraries.integers()
                .between(0, 255).map(mask -> {
                    StringBuilder id = new StringBuilder();
                    for (int i = 0; i < l.id().length(); i++) {
                        char c = l.id().charAt(i);
                        id.append((mask & (1 << (i % 8))) != 0 ? Character.toUpperCase(c) : c);
                    }
                    return id.toString();
                }));
        return Arbitraries.oneOf(oddCase, Arbitraries.strings().ofMaxLength(10),
                Arbitraries.of("", " ", "c ", "c++", "\uff43", "\u0130", "cobol", "wasm32"));
    }

    @Property(tries = 300)
    void aContentTypeIsReadableOrRefusedAs400Or415(@ForAll("contentTypes") String contentType) {
        MockHttpServletRequest invoke = request("POST", "/invoke");
        invoke.setParameter("fn", "hello");
        // The mock parses a content type it is given (and fails on some): hand the rules the raw header, as Tomcat does.
        HttpServletRequest request = new HttpServletRequestWrapper(invoke) {
            @Override
            public String getContentType() {
                return contentType;
            }
        };
        try {
            rules.check(request);
        } catch (FaasException ex) {
            assertThat(ex.kind()).isIn(ErrorKind.BAD_REQUEST, ErrorKind.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        Arbitrary<String> pieces = Arbitraries.of("text", "/", "plain", ";", "charset=", "utf-8", "bogus", "\"", "=",
                " ", "multipart", "form-data", "boundary=x", "*", ",", "\\", "q=0.5", "'");
        return Arbitraries.oneOf(pieces.list().ofMaxSize(8).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(30));
    }

    @Property(tries = 200)
    void aParameterThatMeansOneThingIsGivenOnce(@ForAll("singleValued") String parameter,
            @ForAll @IntRange(min = 2, max = 5) int times) {
        MockHttpServletRequest deploy = deploy("ok", "c");
        deploy.setParameter(parameter, java.util.Collections.nCopies(times, "1").toArray(String[]::new));
        assertKind(deploy, ErrorKind.BAD_REQUEST);
    }

    @Provide
    Arbitrary<String> singleValued() {
        return Arbitraries.of("fn", "name", "lang", "timeoutMs", "memoryMb", "maxOutputKb", "stackKb");
    }

    private static MockHttpServletRequest withLang(MockHttpServletRequest request, String lang) {
        request.setParameter("lang", lang);
        return request;
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
