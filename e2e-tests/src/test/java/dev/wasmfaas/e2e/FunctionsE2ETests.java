package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/**
 * Functions through the public API: a hello in every language of the brief, then a function's
 * life (configuration, versions, listing, invoke by name, delete). The suite is shared
 * ({@link SharedSuite#ONE_WORKER}): every function of this class is named {@code life-*}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FunctionsE2ETests {

    private static final Path CONFIG = Path.of("src/test/resources/functions/config.c").toAbsolutePath();
    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");

    private final HttpClient http = HttpClient.newHttpClient();
    private Suite suite;
    private Api api;
    private String firstId;

    @BeforeAll
    void up(@SharedSuite.Of(ONE_WORKER) Suite shared) {
        suite = shared;
        api = new Api(suite);
    }

    @ParameterizedTest(name = "hello in {0}")
    @ValueSource(strings = {"c", "cpp", "rust", "wasm", "js", "python", "php"})
    @Order(0)
    void runsTheHelloOfEveryLanguage(String lang) throws Exception {
        String file = switch (lang) {
            case "rust" -> "hello.rs";
            case "python" -> "hello.py";
            default -> "hello." + lang;
        };
        HttpResponse<String> deployed = api.post("/deploy?name=life-hello-" + lang + "&lang=" + lang,
                Files.readAllBytes(Suite.HOME.resolve("functions/examples").resolve(file)));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        assertThat(Api.JSON.readTree(deployed.body()).get("wasm").asBoolean())
                .isEqualTo(List.of("c", "cpp", "rust", "wasm").contains(lang));

        JsonNode body = api.invoke("life-hello-" + lang, "from " + lang);
        assertThat(body.get("output").asString()).isEqualTo("Hello from FAAS!\nfrom " + lang);
        assertThat(body.get("exitCode").asInt()).isZero();
    }

    @Test
    @Order(0)
    void runsHtmlAsItsText() throws Exception {
        Path page = Suite.HOME.resolve("functions/examples/hello.html");
        api.post("/deploy?name=life-hello-html&lang=html", Files.readAllBytes(page));

        assertThat(api.invoke("life-hello-html", "ignored").get("output").asString()).isEqualTo(Files.readString(page));
    }

    @Test
    @Order(0)
    void runsGoWhereAToolchainIsFound() throws Exception {
        JsonNode go = language("go");
        Path source = Suite.HOME.resolve("functions/examples/hello.go");
        if (!go.get("available").asBoolean()) {
            JsonNode problem = Api.assertProblem(api.post("/deploy?name=life-hello-go&lang=go", Files.readAllBytes(source)),
                    501, "toolchain-missing");
            assertThat(problem.get("detail").asString()).containsIgnoringCase("tinygo");
            assumeTrue(false, "no Go toolchain here (tinygo, or Go >= 1.21): checked the 501 instead; "
                    + go.get("install").asString());
        }
        api.deploy("life-hello-go", source);
        assertThat(api.invoke("life-hello-go", "from go").get("output").asString()).isEqualTo("Hello from FAAS!\nfrom go");
    }

    @Test
    @Order(0)
    void findsSyntaxErrorsAtDeploy() throws Exception {
        for (String[] broken : List.of(new String[] {"python", "def broken(:\n"},
                new String[] {"js", "function broken( {\n"}, new String[] {"php", "<?php echo 'x'\n"},
                new String[] {"cpp", "int main() { return nope; }\n"}, new String[] {"rust", "fn main() { nope }\n"},
                new String[] {"wasm", "not a module"})) {
            JsonNode problem = Api.assertProblem(api.post("/deploy?name=life-broken-" + broken[0] + "&lang=" + broken[0],
                    broken[1].getBytes(StandardCharsets.UTF_8)), 422, "compile-error");
            assertThat(problem.get("detail").asString()).as(broken[0]).isNotBlank();
        }
    }

    @Test
    @Order(0)
    void listsTheLanguagesAndTheirToolchains() throws Exception {
        JsonNode languages = api.probedLanguages();
        assertThat(languages).extracting(l -> l.get("lang").asString())
                .containsExactlyInAnyOrder("c", "cpp", "rust", "go", "wasm", "js", "python", "php", "html");
        for (String lang : List.of("c", "cpp", "rust", "wasm", "js", "python", "php", "html")) {
            assertThat(language(lang).get("available").asBoolean()).as(lang).isTrue();
        }
        JsonNode go = language("go");
        assertThat(go.get("available").asBoolean() || !go.get("install").asString().isBlank()).isTrue();
    }

    private JsonNode language(String lang) throws Exception {
        for (JsonNode language : api.probedLanguages()) {
            if (language.get("lang").asString().equals(lang)) {
                return language;
            }
        }
        throw new AssertionError("no language " + lang);
    }

    @Test
    @Order(0)
    void aFunctionRunsUnderTheTimeLimitItAskedFor() throws Exception {
        Api.assertProblem(api.post("/deploy?name=life-greedy&lang=c&timeoutMs=600001", Files.readAllBytes(Api.SLEEPY)),
                400, "bad-request");
        HttpResponse<String> deployed = api.post("/deploy?name=life-quick&lang=c&timeoutMs=500",
                Files.readAllBytes(Api.SLEEPY));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        assertThat(api.invoke("life-quick", "fast 10").get("output").asString()).startsWith("fast ");
        JsonNode problem = Api.assertProblem(api.post("/invoke?fn=life-quick", "slow 3000".getBytes(StandardCharsets.UTF_8)),
                504, "timeout");
        assertThat(problem.get("output").asString()).startsWith("slow ");
        assertThat(Api.okJsonWithoutOk(api.get("/functions/life-quick")).get("limits").get("timeoutMs").asLong())
                .isEqualTo(500);
    }

    @Test
    @Order(0)
    void aMemoryBombStopsAtTheCapItAskedFor() throws Exception {
        Path bomb = Path.of("src/test/resources/functions/bomb.c").toAbsolutePath();
        HttpResponse<String> deployed = api.post("/deploy?name=life-bomb&lang=c&memoryMb=16", Files.readAllBytes(bomb));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        long mib = Long.parseLong(api.invoke("life-bomb", "").get("output").asString().trim());

        assertThat(mib).isBetween(1L, 16L);
        // The worker is unharmed: the same function runs again, to the same cap.
        assertThat(Long.parseLong(api.invoke("life-bomb", "").get("output").asString().trim())).isBetween(1L, 16L);
    }

    @Test
    @Order(1)
    void argumentsAndEnvironmentReachTheFunction() throws Exception {
        HttpResponse<String> deployed = api.post(
                "/deploy?name=life-config&lang=c&env=GREETING%3Dhi%20there&arg=--loud&arg=two%20words",
                Files.readAllBytes(CONFIG));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
        firstId = Api.JSON.readTree(deployed.body()).get("id").asString();

        assertThat(api.invoke("life-config", "").get("output").asString())
                .isEqualTo("argv[0]=life-config\nargv[1]=--loud\nargv[2]=two words\nGREETING=hi there\n");
    }

    @Test
    @Order(2)
    void aNonZeroExitIsAResultWithItsOutput() throws Exception {
        HttpResponse<String> response = api.post("/invoke?fn=life-config", "fail".getBytes(StandardCharsets.UTF_8));

        JsonNode body = Api.okJsonWithoutOk(response);
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("exitCode").asInt()).isEqualTo(3);
        assertThat(body.get("stderr").asString()).isEqualTo("failing as asked\n");
        assertThat(body.get("output").asString()).startsWith("argv[0]=life-config\n");
    }

    @Test
    @Order(3)
    void anUpdateMakesANewCurrentVersionAndKeepsTheOldOneInvocable() throws Exception {
        HttpResponse<String> updated = send("PUT", "/functions/life-config?lang=c&env=GREETING%3Dv2",
                Files.readAllBytes(CONFIG));
        String secondId = Api.okJson(updated).get("id").asString();

        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(api.invoke("life-config", "").get("output").asString()).endsWith("GREETING=v2\n");
        assertThat(api.invoke("life-config", "").get("id").asString()).isEqualTo(secondId);
        assertThat(api.invoke(firstId, "").get("output").asString()).endsWith("GREETING=hi there\n");
    }

    @Test
    @Order(4)
    void anUpdateThatDoesNotCompileChangesNothing() throws Exception {
        String before = api.get("/function/life-config").body();
        Api.assertProblem(send("PUT", "/functions/life-config?lang=c", "int main(void){ return nope; }".getBytes()), 422,
                "compile-error");
        Api.assertProblem(send("PUT", "/functions/life-ghost?lang=c", Files.readAllBytes(HELLO)), 404,
                "function-not-found");

        assertThat(api.get("/function/life-config").body()).isEqualTo(before);
        assertThat(Api.okJsonWithoutOk(api.get("/functions/life-config")).get("versions")).hasSize(2);
    }

    @Test
    @Order(5)
    void listsFunctionsAndDetailsOne() throws Exception {
        api.deploy("life-hello", HELLO);
        api.invoke("life-hello", "");

        JsonNode list = Api.okJsonWithoutOk(api.get("/functions"));
        assertThat(list).extracting(f -> f.get("name").asString()).contains("life-config", "life-hello");
        JsonNode config = null;
        for (JsonNode function : list) {
            config = function.get("name").asString().equals("life-config") ? function : config;
        }
        assertThat(config).isNotNull();
        assertThat(config.get("version").asInt()).isEqualTo(2);
        assertThat(config.get("lang").asString()).isEqualTo("c");
        assertThat(config.get("invocations").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(config.get("size").asLong()).isEqualTo(Files.size(CONFIG));
        assertThat(config.get("createdAt").asString()).isNotBlank();
        assertThat(config.get("updatedAt").asString()).isNotBlank();

        JsonNode details = Api.okJsonWithoutOk(api.get("/functions/life-config"));
        assertThat(details.get("env").get("GREETING").asString()).isEqualTo("v2");
        assertThat(details.get("versions").get(0).get("id").asString()).isEqualTo(firstId);
    }

    @Test
    @Order(6)
    void invokesByNameTheOpenFaasWay() throws Exception {
        JsonNode body = Api.okJson(api.post("/function/life-hello", "by name".getBytes(StandardCharsets.UTF_8)));

        assertThat(body.get("output").asString()).isEqualTo("Hello from FAAS!\nby name");
    }

    @Test
    @Order(7)
    void aDeletedFunctionIsGoneEverywhere() throws Exception {
        JsonNode deleted = Api.okJson(send("DELETE", "/functions/life-config", null));
        assertThat(deleted.get("removed")).hasSize(2);

        Api.assertProblem(api.post("/invoke?fn=life-config", new byte[0]), 404, "function-not-found");
        Api.assertProblem(api.post("/invoke?fn=" + firstId, new byte[0]), 404, "function-not-found");
        Api.assertProblem(api.get("/function/life-config"), 404, "function-not-found");
        Api.assertProblem(api.get("/functions/life-config"), 404, "function-not-found");
        Api.assertProblem(send("DELETE", "/functions/life-config", null), 404, "function-not-found");
        try (var dirs = Files.list(suite.functionsDir)) {
            assertThat(dirs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("life-config"))).isEmpty();
        }
        assertThat(Api.okJsonWithoutOk(api.get("/functions"))).extracting(f -> f.get("name").asString())
                .contains("life-hello").doesNotContain("life-config");
    }

    private HttpResponse<String> send(String method, String target, byte[] body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return Api.conforming(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + suite.port + target))
                .header("Content-Type", "application/x-www-form-urlencoded").method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
