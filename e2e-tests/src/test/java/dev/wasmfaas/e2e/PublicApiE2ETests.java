package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public API of DESIGN.md, end to end: {@code ./faas up} starts the gateway, server,
 * balancer and worker processes; every call goes over real HTTP to :port and over the
 * services' UNIX sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicApiE2ETests {

    private static final Path HELLO = Suite.HOME.resolve("functions/examples/hello.c");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = Api.JSON;
    private Suite suite;
    private Api api;
    private String helloId;

    @BeforeAll
    void up() throws Exception {
        // The launcher's own JVM options, as a user runs them (the other suites start without C2).
        suite = Suite.start("api", 2, java.util.Map.of("FAAS_JVM_OPTS", ""));
        api = new Api(suite);
    }

    @AfterAll
    void down() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    @Order(1)
    void deploysHelloC() throws Exception {
        HttpResponse<String> response = post("/deploy?name=hello&lang=c", Files.readAllBytes(HELLO));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("ok").asBoolean()).isTrue();
        assertThat(body.get("name").asString()).isEqualTo("hello");
        assertThat(body.get("lang").asString()).isEqualTo("c");
        assertThat(body.get("wasm").asBoolean()).isTrue();
        helloId = body.get("id").asString();
        assertThat(helloId).matches("hello_\\d+");
        Path stored = suite.functionsDir.resolve(helloId);
        assertThat(stored.resolve("source.c")).hasSameBinaryContentAs(HELLO);
        assertThat(stored.resolve("metadata.json")).exists();
        assertThat(Files.readAllBytes(stored.resolve("module.wasm"))).startsWith(0, 'a', 's', 'm');
    }

    @Test
    @Order(2)
    void invokesByIdWithoutPayload() throws Exception {
        JsonNode body = okJson(post("/invoke?fn=" + helloId, new byte[0]));
        assertThat(body.get("output").asString()).isEqualTo("Hello from FAAS!\n");
        assertThat(body.get("exitCode").asInt()).isZero();
        assertThat(body.get("durationMs").isNumber()).isTrue();
    }

    @Test
    @Order(3)
    void invokesByNameWithPayload() throws Exception {
        JsonNode body = okJson(post("/invoke?fn=hello", "ping & pong=1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(body.get("output").asString()).isEqualTo("Hello from FAAS!\nping & pong=1\n");
        assertThat(body.get("id").asString()).isEqualTo(helloId);
    }

    @Test
    @Order(4)
    void readsTheSourceBackByteForByte() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(suite.uri("/function/hello")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        // C source as C source, which no browser renders; and none may guess another type
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/x-c;");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).isEqualTo(Files.readAllBytes(HELLO));
    }

    @Test
    @Order(5)
    void answersErrorsAsProblemDetails() throws Exception {
        byte[] source = Files.readAllBytes(HELLO);
        assertProblem(post("/deploy?name=hello&lang=c", source), 409, "name-taken");
        assertProblem(post("/invoke?fn=nope", new byte[0]), 404, "function-not-found");
        assertProblem(get("/function/nope"), 404, "function-not-found");
        assertProblem(post("/deploy?name=other", source), 400, "unsupported-language");
        assertProblem(post("/deploy?name=other&lang=cobol", source), 400, "unsupported-language");
        assertProblem(post("/deploy?name=bad%20name&lang=c", source), 400, "invalid-name");
        assertProblem(post("/deploy?name=..%2Fescape&lang=c", source), 400, "invalid-name");
        assertProblem(post("/deploy?name=" + "x".repeat(65) + "&lang=c", source), 400, "invalid-name");
        assertProblem(post("/deploy?lang=c", source), 400, "invalid-name");
        assertProblem(post("/invoke?fn=hello", new byte[1024 * 1024 + 1]), 413, "payload-too-large");

        HttpResponse<String> broken = post("/deploy?name=broken&lang=c",
                "int main(void) { return undefined_symbol; }\n".getBytes(StandardCharsets.UTF_8));
        JsonNode problem = assertProblem(broken, 422, "compile-error");
        assertThat(problem.get("diagnostics").asString()).contains("undefined_symbol").contains("error");
        assertProblem(get("/function/broken"), 404, "function-not-found");

        // Nothing stored changed: the function still answers and its source is intact.
        assertThat(okJson(post("/invoke?fn=hello", new byte[0])).get("id").asString()).isEqualTo(helloId);
        try (var dirs = Files.list(suite.functionsDir)) {
            assertThat(dirs.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList())
                    .containsExactly(helloId);
        }
    }

    @Test
    @Order(6)
    void sixtyFourConcurrentClientsEachGetTheirOwnPayloadBackFromAMixOfFunctions() throws Exception {
        // C, C++ and a module run in Wasmtime, the scripts in their sandboxed runtimes: five functions.
        List<String> functions = new ArrayList<>(List.of("hello"));
        for (String lang : List.of("cpp", "wasm", "js", "python")) {
            String file = lang.equals("python") ? "hello.py" : "hello." + lang;
            HttpResponse<String> deployed = post("/deploy?name=mix-" + lang + "&lang=" + lang,
                    Files.readAllBytes(Suite.HOME.resolve("functions/examples").resolve(file)));
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);
            functions.add("mix-" + lang);
        }
        int clients = 64;
        int callsEach = 5;
        CyclicBarrier together = new CyclicBarrier(clients);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<List<String>>> mismatches = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                mismatches.add(pool.submit(() -> {
                    together.await(60, TimeUnit.SECONDS);
                    List<String> wrong = new ArrayList<>();
                    for (int call = 0; call < callsEach; call++) {
                        // Each call to another function, with a payload no other call sends, of 0 to ~16 KiB.
                        String fn = functions.get((client + call) % functions.size());
                        String payload = "client " + client + " call " + call + " \u00e9\u2603 "
                                + "z".repeat((client * 257 + call * 1031) % 16_384);
                        HttpResponse<String> response = post("/invoke?fn=" + fn, payload.getBytes(StandardCharsets.UTF_8));
                        if (response.statusCode() != 200) {
                            wrong.add(fn + " answered " + response.statusCode() + ": " + response.body());
                            continue;
                        }
                        String output = json.readTree(response.body()).get("output").asString();
                        if (!output.equals("Hello from FAAS!\n" + payload)) {
                            wrong.add(fn + " answered another payload to client " + client + " call " + call + ": "
                                    + output.substring(0, Math.min(80, output.length())));
                        }
                    }
                    return wrong;
                }));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<List<String>> future : mismatches) {
                wrong.addAll(future.get(5, TimeUnit.MINUTES));
            }
            assertThat(wrong).as("%d calls from %d clients", clients * callsEach, clients).isEmpty();
        }
    }

    @Test
    @Order(6)
    void aFunctionSeesWasiAnswersOnTheStdioThePlatformServes() throws Exception {
        HttpResponse<String> deployed = post("/deploy?name=stdio-calls&lang=c",
                Files.readAllBytes(Path.of("src/test/resources/functions/stdio-calls.c")));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        JsonNode body = okJson(post("/invoke?fn=stdio-calls", "the input".getBytes(StandardCharsets.UTF_8)));

        // As Wasmtime's own WASI answers for a standard descriptor: no socket, no seeking; an unknown one is EBADF.
        assertThat(body.get("output").asString()).isEqualTo("""
                shutdown(1, SHUT_WR) -> -1 ENOTSOCK
                shutdown(0, SHUT_RD) -> -1 ENOTSOCK
                lseek(1, 0, SEEK_CUR) -> -1 ESPIPE
                lseek(0, 0, SEEK_SET) -> -1 ESPIPE
                shutdown(7, SHUT_RD) -> -1 EBADF
                fstat(2) -> 0
                still here, read: the input
                """);
        assertThat(body.get("exitCode").asInt()).isZero();
    }

    @Test
    @Order(7)
    void keepsFunctionsAcrossARestart() throws Exception {
        suite.down();
        assertThat(suite.leftovers()).as("processes of the suite after ./faas down").isEmpty();
        suite.up();
        JsonNode body = okJson(post("/invoke?fn=hello", "again".getBytes(StandardCharsets.UTF_8)));
        assertThat(body.get("output").asString()).isEqualTo("Hello from FAAS!\nagain");
        assertThat(okJson(post("/invoke?fn=" + helloId, new byte[0])).get("ok").asBoolean()).isTrue();
    }

    private static JsonNode okJson(HttpResponse<String> response) {
        return Api.okJson(response);
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        return Api.assertProblem(response, status, type);
    }

    private HttpResponse<String> post(String pathAndQuery, byte[] body) throws Exception {
        return api.post(pathAndQuery, body);
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return api.get(pathAndQuery);
    }
}
