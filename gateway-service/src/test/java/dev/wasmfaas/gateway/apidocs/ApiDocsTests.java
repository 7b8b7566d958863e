package dev.wasmfaas.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The API's description and Swagger UI as the gateway serves them, with an API key set: open, from the
 * gateway itself, and the description names exactly the paths the gateway sends on to the server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "faas.gateway.auth.api-key=docs-7d1e", "faas.gateway.server=http://127.0.0.1:9" })
class ApiDocsTests {

    private static final Path FILE = Path.of("src/main/resources", ApiDocument.LOCATION);
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"\\./?([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("proxyEntrances")
    SimpleUrlHandlerMapping proxyEntrances;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheRepositoryFileAsJsonAndAsYamlWithoutAKey() throws Exception {
        HttpResponse<String> json = get("/v3/api-docs");
        HttpResponse<String> yaml = get("/v3/api-docs.yaml");

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode file = YAMLMapper.builder().build().readTree(Files.readString(FILE));
        assertThat(JsonMapper.builder().build().readTree(json.body())).isEqualTo(file);
        assertThat(file.get("openapi").asString()).startsWith("3.1.");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/yaml"));
        assertThat(yaml.body()).isEqualTo(Files.readString(FILE));
    }

    @Test
    void describesEveryPathTheGatewayProxiesAndNoOther() {
        Set<String> proxied = new TreeSet<>();
        proxyEntrances.getUrlMap().keySet().forEach(path -> proxied.add(path.replaceAll("/\\*$", "/{}")));
        Set<String> described = new TreeSet<>();
        YAMLMapper.builder().build().readTree(FILE.toFile()).get("paths").propertyNames()
                .forEach(path -> described.add(path.replaceAll("\\{[^}]+}", "{}")));

        assertThat(described).isEqualTo(proxied);
    }

    @Test
    void servesSwaggerUiFromTheGatewayWithItsOwnInitializer() throws Exception {
        assertThat(get("/swagger-ui.html").statusCode()).isEqualTo(302);
        assertThat(get("/swagger-ui.html").headers().firstValue("Location")).hasValue("/swagger-ui/index.html");
        HttpResponse<String> page = get("/swagger-ui/index.html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self';").contains("frame-ancestors 'none'").doesNotContain("unsafe-eval"));
        Matcher assets = ASSET.matcher(page.body());
        int count = 0;
        while (assets.find()) {
            HttpResponse<String> asset = get("/swagger-ui/" + assets.group(1));
            assertThat(asset.statusCode()).as(assets.group(1)).isEqualTo(200);
            assertThat(asset.body()).as(assets.group(1)).doesNotContain("https://petstore");
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(5);
        assertThat(get("/swagger-ui/swagger-initializer.js").body()).contains("url: '/v3/api-docs'")
                .contains("validatorUrl: null");
    }

    @Test
    void theApiItDescribesStillNeedsTheKey() throws Exception {
        assertThat(get("/functions").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
