package dev.wasmfaas.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard as the gateway serves it, with an API key configured and a real HTTP server behind:
 * the page and its assets are open and carry their headers, the API the page reads stays closed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "faas.gateway.auth.api-key=" + DashboardTests.KEY)
class DashboardTests {

    static final String KEY = "dash-5e0c2b7a9f14";

    private static final HttpServer SERVER = server();
    private static final Pattern PAGE_ASSET = Pattern.compile("(?:src|href)=\"(/dashboard/[^\"]+)\"");
    private static final Pattern MODULE_IMPORT = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'");
    private static final Map<String, String> TYPES = Map.of(".js", "text/javascript", ".css", "text/css", ".svg",
            "image/svg+xml");

    @LocalServerPort
    int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("faas.gateway.server", () -> "http://127.0.0.1:" + SERVER.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    @Test
    void servesThePageWithoutAKeyAndWithAStrictPolicy() throws Exception {
        for (String path : new String[] { "/dashboard", "/dashboard/" }) {
            HttpResponse<String> page = get(path, null);

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(
                    policy).startsWith("default-src 'self';").contains("script-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
                    .contains("no-cache"));
            assertThat(page.body()).contains("<script type=\"module\" src=\"/dashboard/app.js\"></script>");
        }
        assertThat(send("HEAD", "/dashboard", null).statusCode()).isEqualTo(200);
    }

    @Test
    void servesEveryAssetAndModuleWithItsTypeAndWithoutAKey() throws Exception {
        Set<String> assets = new LinkedHashSet<>(find(PAGE_ASSET, get("/dashboard", null).body()));
        assertThat(assets).contains("/dashboard/app.js", "/dashboard/dashboard.css", "/dashboard/favicon.svg");
        // The modules app.js imports, and theirs: every one must be served too.
        for (String module : Set.copyOf(assets)) {
            if (module.endsWith(".js")) {
                find(MODULE_IMPORT, get(module, null).body()).forEach(name -> assets.add("/dashboard/" + name));
            }
        }
        assertThat(assets).contains("/dashboard/api.js", "/dashboard/model.js", "/dashboard/view.js");

        for (String asset : assets) {
            HttpResponse<String> answer = get(asset, null);
            String type = TYPES.get(asset.substring(asset.lastIndexOf('.')));

            assertThat(answer.statusCode()).as(asset).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).as(asset)
                    .hasValueSatisfying(v -> assertThat(v).startsWith(type));
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(asset).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(asset).isPresent();
            assertThat(answer.headers().firstValue("Cache-Control")).as(asset).hasValueSatisfying(v -> assertThat(v)
                    .contains("no-cache"));
        }
    }

    @Test
    void loadsNothingFromAnotherOriginAndBuildsNoMarkupFromData() throws Exception {
        String page = get("/dashboard", null).body();
        assertThat(page).doesNotContainPattern("https?://").doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=");
        for (String asset : new String[] { "app.js", "api.js", "model.js", "view.js", "dashboard.css" }) {
            String text = get("/dashboard/" + asset, null).body();
            assertThat(text).as(asset).doesNotContainPattern("https?://").doesNotContain("@import")
                    .doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                    .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("console.error");
        }
    }

    @Test
    void keepsTheApiThePageReadsClosedWithoutTheKey() throws Exception {
        HttpResponse<String> anonymous = get("/functions", null);
        HttpResponse<String> keyed = get("/functions", KEY);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("/problems/unauthorized");
        assertThat(keyed.statusCode()).isEqualTo(200);
        assertThat(keyed.body()).isEqualTo("[]");
        assertThat(send("POST", "/dashboard", null).statusCode()).isEqualTo(401);
        assertThat(get("/dashboard/nothing.js", null).statusCode()).isEqualTo(404);
    }

    private static Set<String> find(Pattern pattern, String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return send("GET", path, key);
    }

    private HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    // The server's side of GET /functions, with no function deployed.
    private static HttpServer server() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/functions", exchange -> {
                byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
