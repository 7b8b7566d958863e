package dev.wasmfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public API of a running suite, over real HTTP, with the checks every test makes of its answers. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** A test function that prints its tag and start time, then sleeps as long as it is told. */
    static final Path SLEEPY = Path.of("src/test/resources/functions/sleepy.c").toAbsolutePath();

    private final Function<String, URI> address;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(Suite suite) {
        this(suite::uri);
    }

    /** @param address the URI of a path and query on the gateway */
    Api(Function<String, URI> address) {
        this.address = address;
    }

    /** Deploys a C source and answers its id. */
    String deploy(String name, Path source) throws Exception {
        HttpResponse<String> response = post("/deploy?name=" + name + "&lang=c", Files.readAllBytes(source));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("id").asString();
    }

    JsonNode invoke(String fn, String input) throws Exception {
        return okJson(post("/invoke?fn=" + fn, input.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * {@code GET /languages} once the toolchains have been probed: the server probes them in the background
     * from its start, and a suite may be ready before that probe ends.
     */
    JsonNode probedLanguages() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            JsonNode languages = okJsonWithoutOk(get("/languages"));
            boolean probed = true;
            for (JsonNode language : languages) {
                probed &= !language.get("probing").asBoolean() && !language.get("checkedAt").isNull();
            }
            if (probed || Instant.now().isAfter(deadline)) {
                return languages;
            }
            Thread.sleep(200);
        }
    }

    JsonNode workers() throws Exception {
        return okJsonWithoutOk(get("/system/workers"));
    }

    JsonNode strategy(String strategy) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(address.apply("/system/strategy"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"strategy\":\"" + strategy + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return okJsonWithoutOk(response);
    }

    HttpResponse<String> post(String pathAndQuery, byte[] body) throws Exception {
        // What curl --data-binary sends: the body labelled as a form.
        return send(HttpRequest.newBuilder(address.apply(pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String pathAndQuery, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(address.apply(pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(address.apply(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(address.apply(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(address.apply(pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every answer of the API, checked against the gateway's OpenAPI document before the test sees it. */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws Exception {
        return conforming(http.send(request, body));
    }

    /** An answer of the gateway, checked against its OpenAPI document ({@link OpenApiContract}). */
    static <T> HttpResponse<T> conforming(HttpResponse<T> response) {
        return OpenApiContract.DOCUMENT.check(response);
    }

    static JsonNode okJson(HttpResponse<String> response) {
        JsonNode body = okJsonWithoutOk(response);
        assertThat(body.get("ok").asBoolean()).as(response.body()).isTrue();
        return body;
    }

    static JsonNode okJsonWithoutOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("ok").asBoolean()).isFalse();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asString()).isEqualTo("/problems/" + type);
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        return body;
    }
}
