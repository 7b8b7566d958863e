package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document against the gateway that serves it: the document served is the repository's file, it
 * lints clean, and every operation it describes is served while every other method of its paths is a 405.
 * (The answers of every other end-to-end test are checked against it through {@link Api}.)
 */
class ApiDescriptionE2ETests {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    @Test
    void lintsCleanWithRedocly() throws Exception {
        ApiTools.Run lint = ApiTools.run(ApiTools.command(ApiTools.npmTool("redocly"), "lint", OpenApiContract.FILE),
                Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true", "NO_COLOR", "1"), null,
                Duration.ofMinutes(2));
        Files.createDirectories(ApiTools.REPORTS);
        Files.writeString(ApiTools.REPORTS.resolve("redocly-lint.txt"), lint.out() + lint.err());

        assertThat(lint.exitCode()).as(lint.out() + lint.err()).isZero();
        // Clean: valid, and neither an error nor a warning of the recommended rules.
        assertThat(lint.out() + lint.err()).contains("Your API description is valid")
                .doesNotContainPattern("You have [0-9]+ (warning|error)");
    }

    @Test
    void servesTheRepositoryFileAndEveryOperationItDescribes(@SharedSuite.Of(ONE_WORKER) Suite suite) throws Exception {
        Api api = new Api(suite);
        HttpResponse<String> served = api.get("/v3/api-docs");
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(Api.JSON.readTree(served.body())).isEqualTo(OpenApiContract.DOCUMENT.document);
        assertThat(api.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);

        OpenApiContract contract = OpenApiContract.DOCUMENT;
        for (String template : contract.templates()) {
            // A name no test deploys: every call is answered without changing anything (the refresh re-probes).
            String path = template.replaceAll("\\{[^}]+}", "api-doc-none");
            List<String> described = contract.methods(template);
            for (String method : METHODS) {
                // Api checks each answer against the document: a described status, or a 405 for a method not described.
                HttpResponse<String> answer = api.send(method, path);
                JsonNode body = answer.body().isEmpty() ? null : Api.JSON.readTree(answer.body());
                String type = body == null ? "" : body.path("type").asString();
                if (described.contains(method)) {
                    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isNotEqualTo(405);
                    assertThat(type).as(method + " " + path).isNotEqualTo("/problems/not-found");
                } else {
                    assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(405);
                }
            }
        }
    }
}
