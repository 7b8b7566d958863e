package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document against the gateway that serves it: the document served is the repository's file, it
 * lints clean, every operation it describes is served while every other method of its paths is a 405, and
 * Swagger UI shows every operation in a real browser with nothing fetched from elsewhere. (The answers of every
 * other end-to-end test are checked against it through {@link Api}.)
 */
class ApiDescriptionE2ETests {

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    /** Each operation Swagger UI drew: its method and its path, as {@code GET /functions/{name}}. */
    private static final String OPERATIONS_SHOWN = "return Array.from(document.querySelectorAll('.opblock')).map(block => "
            + "block.querySelector('.opblock-summary-method').textContent.trim() + ' ' "
            + "+ block.querySelector('[data-path]').getAttribute('data-path'))";

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

    @Test
    void swaggerUiShowsEveryOperationInABrowserWithNothingFromElsewhere(@SharedSuite.Of(ONE_WORKER) Suite suite)
            throws Exception {
        OpenApiContract contract = OpenApiContract.DOCUMENT;
        Set<String> described = new TreeSet<>();
        contract.templates().forEach(template -> contract.methods(template)
                .forEach(method -> described.add(method + " " + template)));
        String origin = suite.uri("").toString();

        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.requestedUrls(); // what the browser loaded of its own at its start (its new tab page)
            chromium.driver.get(suite.uri("/swagger-ui.html").toString());
            // Swagger UI fetches the document and draws it after the page loaded: up to a minute on a busy machine.
            WebDriverWait patience = new WebDriverWait(chromium.driver, Duration.ofSeconds(60), Duration.ofMillis(200));
            List<String> shown = patience.until(d -> {
                List<String> operations = ((List<?>) chromium.driver.executeScript(OPERATIONS_SHOWN)).stream()
                        .map(String::valueOf).toList();
                return operations.size() >= described.size() ? operations : null;
            });

            assertThat(chromium.driver.getCurrentUrl()).isEqualTo(origin + "/swagger-ui/index.html");
            assertThat(chromium.driver.findElement(By.cssSelector(".info .title")).getText())
                    .startsWith("wasm-faas public API");
            assertThat(new TreeSet<>(shown)).isEqualTo(described).contains("POST /invoke", "GET /function/{name}");
            assertThat(shown).hasSameSizeAs(described);
            // Every request but the browser's own pages and inline data, which never leave the browser.
            List<String> requested = chromium.requestedUrls().stream()
                    .filter(url -> !url.matches("(chrome|data|blob|about):.*")).toList();
            requested.forEach(url -> System.out.println("swagger-ui requested: " + url));
            assertThat(requested).contains(origin + "/swagger-ui/index.html", origin + "/v3/api-docs")
                    .allSatisfy(url -> assertThat(url).startsWith(origin + "/"));
            assertThat(chromium.consoleEntries()).as("console errors of the page")
                    .filteredOn(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).isEmpty();
        }
    }
}
