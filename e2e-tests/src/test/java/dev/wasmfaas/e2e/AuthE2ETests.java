package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.WITH_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * API keys end to end: {@code FAAS_MANAGEMENT_KEY} and {@code FAAS_INVOKE_KEY} given to
 * {@code ./faas up}, calls made over real HTTP with and without them. The suite is shared
 * ({@link SharedSuite#WITH_KEYS}): every function of this class is named {@code auth-*}. That no
 * key shows in any log, the stop included, is checked when the suite stops ({@link Suite#close()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthE2ETests {

    private static final String MANAGE = SharedSuite.MANAGE_KEY;
    private static final String INVOKE = SharedSuite.INVOKE_KEY;
    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");

    private final HttpClient http = HttpClient.newHttpClient();
    private Suite suite;

    @BeforeAll
    void up(@SharedSuite.Of(WITH_KEYS) Suite shared) {
        suite = shared;
    }

    @AfterAll
    void noKeyInAnyLogSoFar() throws Exception {
        if (suite != null) {
            assertThat(suite.log()).as("no key in any log").doesNotContain(MANAGE).doesNotContain(INVOKE);
        }
    }

    @Test
    void eachKeyOpensItsOwnCalls() throws Exception {
        byte[] source = Files.readAllBytes(HELLO);

        HttpResponse<String> anonymous = send("/deploy?name=auth-hello&lang=c", source, null);
        Api.assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
        Api.assertProblem(send("/deploy?name=auth-hello&lang=c", source, "wrong"), 401, "unauthorized");
        Api.assertProblem(send("/deploy?name=auth-hello&lang=c", source, INVOKE), 403, "forbidden");
        assertThat(send("/deploy?name=auth-hello&lang=c", source, MANAGE).statusCode()).isEqualTo(201);

        Api.assertProblem(send("/invoke?fn=auth-hello", "x".getBytes(), null), 401, "unauthorized");
        assertThat(Api.okJson(send("/invoke?fn=auth-hello", "x".getBytes(), INVOKE)).get("output").asString())
                .isEqualTo("Hello from FAAS!\nx");
        assertThat(http.send(HttpRequest.newBuilder(suite.uri("/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("health stays open").isEqualTo(200);
    }

    @Test
    void refreshingTheLanguagesIsManagementAndReadingThemARead() throws Exception {
        Api.assertProblem(send("/languages/refresh", new byte[0], null), 401, "unauthorized");
        Api.assertProblem(send("/languages/refresh", new byte[0], INVOKE), 403, "forbidden");
        assertThat(send("/languages/refresh", new byte[0], MANAGE).statusCode()).isEqualTo(202);

        HttpResponse<String> read = http.send(HttpRequest.newBuilder(suite.uri("/languages"))
                .header("Authorization", "Bearer " + INVOKE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Api.okJsonWithoutOk(read)).hasSize(9);
    }

    private HttpResponse<String> send(String target, byte[] body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(suite.uri(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return Api.conforming(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }
}
