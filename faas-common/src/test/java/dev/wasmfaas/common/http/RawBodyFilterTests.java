package dev.wasmfaas.common.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The body read whole within its limit, whether its length is declared, and how the request hands it on. */
class RawBodyFilterTests {

    private static final long LIMIT = 64;

    private final RawBodyFilter filter = new RawBodyFilter((request, query) -> LIMIT);
    private final AtomicReference<HttpServletRequest> passed = new AtomicReference<>();
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void aDeclaredBodyIsHandedOnWhole() throws Exception {
        MockHttpServletRequest request = post("hello");

        filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get().getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        assertThat(passed.get().getContentLengthLong()).isEqualTo(5);
        assertThat(passed.get().getInputStream().readNBytes(3)).asString(StandardCharsets.UTF_8).isEqualTo("hel");
    }

    @Test
    void aBodyShorterThanDeclaredIsWhatArrived() throws Exception {
        MockHttpServletRequest request = declaring(10, "abc");

        filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get().getInputStream().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("abc");
        assertThat(passed.get().getContentLength()).isEqualTo(3);
    }

    @Test
    void aBodyOfUndeclaredLengthIsReadWithinTheLimit() throws Exception {
        MockHttpServletRequest request = undeclared("x".repeat((int) LIMIT));

        filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get().getInputStream().readAllBytes()).hasSize((int) LIMIT);
    }

    @Test
    void aBodyOfUndeclaredLengthOverTheLimitIsA413ProblemAndGoesNoFurther() throws Exception {
        MockHttpServletRequest request = undeclared("x".repeat((int) LIMIT + 1));

        filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("larger than " + LIMIT + " bytes");
    }

    @Test
    void aDeclaredBodyOverTheLimitIsA413ProblemBeforeItIsRead() throws Exception {
        MockHttpServletRequest request = post("x".repeat((int) LIMIT + 1));

        filter.doFilter(request, response, (req, res) -> passed.set((HttpServletRequest) req));

        assertThat(passed.get()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getHeader("Connection")).isEqualTo("close");
    }

    private static MockHttpServletRequest post(String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/invoke");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }

    // As a chunked request comes: no length, the body known only as it is read.
    private static MockHttpServletRequest undeclared(String body) {
        return declaring(-1, body);
    }

    // A request whose head declares this length (-1: none), whatever its body.
    private static MockHttpServletRequest declaring(long length, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/invoke") {
            @Override
            public long getContentLengthLong() {
                return length;
            }
        };
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
