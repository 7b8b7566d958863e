package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * API keys end to end: {@code FAAS_MANAGEMENT_KEY} and {@code FAAS_INVOKE_KEY} given to
 * {@code ./faas up}, calls made over real HTTP with and without them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthE2ETests {

    private static final String MANAGE = "manage-" + Long.toHexString(System.nanoTime());
    private static final String INVOKE = "invoke-" + Long.toHexString(System.nanoTime());
    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");

    private final HttpClient http = HttpClient.newHttpClient();
    private Suite suite;

    @BeforeAll
    void up() throws Exception {
        suite = Suite.start("auth", 1, Map.of("FAAS_SERVER_ARGS", "--faas.server.pool.spares=0",
                "FAAS_MANAGEMENT_KEY", MANAGE, "FAAS_INVOKE_KEY", INVOKE));
    }

    @AfterAll
    void down() throws Exception {
        if (suite != null) {
            suite.close();
            assertThat(suite.log()).as("no key in any log").doesNotContain(MANAGE).doesNotContain(INVOKE);
        }
    }

    @Test
    void eachKeyOpensItsOwnCalls() throws Exception {
        byte[] source = Files.readAllBytes(HELLO);

        HttpResponse<String> anonymous = send("/deploy?name=hello&lang=c", source, null);
        Api.assertProblem(anonymous, 401, "unauthorized");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
        Api.assertProblem(send("/deploy?name=hello&lang=c", source, "wrong"), 401, "unauthorized");
        Api.assertProblem(send("/deploy?name=hello&lang=c", source, INVOKE), 403, "forbidden");
        assertThat(send("/deploy?name=hello&lang=c", source, MANAGE).statusCode()).isEqualTo(201);

        Api.assertProblem(send("/invoke?fn=hello", "x".getBytes(), null), 401, "unauthorized");
        assertThat(Api.okJson(send("/invoke?fn=hello", "x".getBytes(), INVOKE)).get("output").asString())
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
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
