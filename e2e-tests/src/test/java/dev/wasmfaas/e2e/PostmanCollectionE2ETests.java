package dev.wasmfaas.e2e;

import static dev.wasmfaas.e2e.SharedSuite.ONE_WORKER;
import static dev.wasmfaas.e2e.SharedSuite.WITH_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The Postman collection run by newman, as a real process, against the shared suites: once without keys, once
 * with them (then with the folder of the key cases). Each run passes every test of its requests; every answer
 * it got matches the OpenAPI document; and together the two runs get every answer the document describes, but
 * those it marks {@code x-faas-unexercised}. The reports stay under target/api/.
 */
class PostmanCollectionE2ETests {

    private static final Path COLLECTION = Suite.HOME.resolve("api/wasm-faas.postman_collection.json");
    private static final Path ENVIRONMENT = Suite.HOME.resolve("api/wasm-faas.postman_environment.json");
    private static final List<String> OPEN_FOLDERS = List.of("Use it", "Manage", "Operate", "Errors", "Clean up");
    private static final List<String> KEYED_FOLDERS = List.of("Use it", "Manage", "Operate", "Errors", "Keys", "Clean up");

    @Test
    void passesWithAndWithoutKeysAndGetsEveryDescribedAnswer(@SharedSuite.Of(ONE_WORKER) Suite open,
            @SharedSuite.Of(WITH_KEYS) Suite keyed) throws Exception {
        OpenApiContract contract = new OpenApiContract(OpenApiContract.FILE);

        JsonNode openRun = newman("without-keys", open, "", "", OPEN_FOLDERS);
        JsonNode keyedRun = newman("with-keys", keyed, SharedSuite.MANAGE_KEY, SharedSuite.INVOKE_KEY, KEYED_FOLDERS);
        List<String> breaches = new ArrayList<>();
        check(contract, openRun, breaches);
        check(contract, keyedRun, breaches);

        assertThat(breaches).as("answers that break the OpenAPI document").isEmpty();
        TreeSet<String> missing = new TreeSet<>();
        contract.described().forEach((answer, unexercised) -> {
            if (!unexercised && !contract.observed().contains(answer)) {
                missing.add(answer);
            }
        });
        assertThat(missing).as("described answers the collection never got (exercise them, or mark them x-faas-unexercised)")
                .isEmpty();
    }

    private static JsonNode newman(String name, Suite suite, String apiKey, String invokeKey, List<String> folders)
            throws Exception {
        Files.createDirectories(ApiTools.REPORTS);
        Path json = ApiTools.REPORTS.resolve("newman-" + name + ".json");
        Path junit = ApiTools.REPORTS.resolve("newman-" + name + ".xml");
        List<String> command = ApiTools.command(ApiTools.npmTool("newman"), "run", COLLECTION, "-e", ENVIRONMENT,
                "--env-var", "baseUrl=http://127.0.0.1:" + suite.port, "--env-var", "apiKey=" + apiKey,
                "--env-var", "invokeKey=" + invokeKey, "--reporters", "cli,json,junit", "--reporter-json-export", json,
                "--reporter-junit-export", junit, "--color", "off", "--disable-unicode");
        folders.forEach(folder -> command.addAll(List.of("--folder", folder)));
        ApiTools.Run run = ApiTools.run(command, Map.of(), null, Duration.ofMinutes(5));
        Files.writeString(ApiTools.REPORTS.resolve("newman-" + name + ".txt"), run.out() + run.err());

        assertThat(run.exitCode()).as("newman " + name + ":\n" + tail(run.out()) + run.err()).isZero();
        JsonNode report = Api.JSON.readTree(json.toFile());
        JsonNode stats = report.get("run").get("stats");
        assertThat(stats.get("assertions").get("failed").asInt()).isZero();
        assertThat(stats.get("requests").get("total").asInt()).isGreaterThan(50);
        return report;
    }

    private static void check(OpenApiContract contract, JsonNode report, List<String> breaches) {
        for (JsonNode execution : report.get("run").get("executions")) {
            JsonNode request = execution.get("request");
            JsonNode response = execution.get("response");
            String method = request.get("method").asString();
            StringBuilder path = new StringBuilder();
            request.get("url").get("path").forEach(segment -> path.append('/').append(segment.asString()));
            assertThat(response).as(method + " " + path + " got no answer").isNotNull();
            String contentType = null;
            for (JsonNode header : response.get("header")) {
                if (header.get("key").asString().equalsIgnoreCase("Content-Type")) {
                    contentType = header.get("value").asString();
                }
            }
            byte[] body = new byte[response.path("stream").path("data").size()];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) response.get("stream").get("data").get(i).asInt();
            }
            try {
                contract.check(method, URI.create("http://gateway" + path), response.get("code").asInt(), contentType,
                        new String(body, java.nio.charset.StandardCharsets.UTF_8));
            } catch (AssertionError breach) {
                breaches.add(execution.get("item").get("name").asString() + ": " + breach.getMessage());
            }
        }
    }

    private static String tail(String text) {
        return text.length() > 8000 ? text.substring(text.length() - 8000) : text;
    }
}
