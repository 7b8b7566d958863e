package dev.wasmfaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway with API keys, in front of a real HTTP server: refused calls never reach it, and
 * no key ever reaches the log, even with the web and integration layers logging at DEBUG.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "faas.gateway.auth.api-key=" + AuthenticatedProxyTests.API_KEY,
        "faas.gateway.auth.management-key=" + AuthenticatedProxyTests.MANAGEMENT_KEY,
        "faas.gateway.auth.invoke-key=" + AuthenticatedProxyTests.INVOKE_KEY,
        "logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.integration=DEBUG",
        "logging.level.dev.wasmfaas=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
class AuthenticatedProxyTests {

    static final String API_KEY = "api-4f1c9e0b7d2a";
    static final String MANAGEMENT_KEY = "mgmt-8b3e6a1f0c5d";
    static final String INVOKE_KEY = "inv-2d7f4c9a1e6b";

    private static final FakeServer SERVER = new FakeServer();
    private static final String SOURCE = "int main(){}\n";

    @LocalServerPort
    int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("faas.gateway.server", SERVER::endpoint);
    }

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @BeforeEach
    void clear() {
        SERVER.received.clear();
    }

    @Test
    void refusesACallWithoutAKeyAndChallenges() throws Exception {
        HttpResponse<String> response = send("POST", "/invoke?fn=hello", "x", null);

        assertUnauthorized(response);
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void refusesAWrongKeyAndAnotherScheme() throws Exception {
        assertUnauthorized(send("POST", "/invoke?fn=hello", "x", "Bearer " + INVOKE_KEY + "0"));
        assertUnauthorized(send("GET", "/functions", null, "Basic " + API_KEY));
        assertUnauthorized(send("GET", "/nowhere", null, null));
        assertUnauthorized(send("GET", "/actuator/info", null, null));
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void forwardsAnInvocationWithTheInvokeKeyButNotTheKeyItself() throws Exception {
        HttpResponse<String> response = send("POST", "/invoke?fn=hello", "payload", "Bearer " + INVOKE_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true,\"echo\":7}");
        assertThat(SERVER.received).singleElement().satisfies(received -> {
            assertThat(received.target()).isEqualTo("/invoke?fn=hello");
            assertThat(received.authorization()).isNull();
        });
    }

    @Test
    void letsTheInvokeKeyReadButNotManage() throws Exception {
        assertThat(send("GET", "/functions", null, "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(200);
        SERVER.received.clear();

        HttpResponse<String> response = send("POST", "/deploy?name=hello&lang=c", SOURCE, "Bearer " + INVOKE_KEY);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"/problems/forbidden\"").contains("\"ok\":false")
                .contains("\"status\":403");
        assertThat(send("PUT", "/system/strategy", "{\"strategy\":\"FIFO\"}", "Bearer " + INVOKE_KEY).statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/functions/hello", null, "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(403);
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void letsTheInvokeAndManagementKeysInvokeInTheBackgroundAndReadActivations() throws Exception {
        assertThat(send("POST", "/async-function/hello", "x", "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(202);
        assertThat(send("POST", "/invoke?fn=hello&async=true", "x", "Bearer " + MANAGEMENT_KEY).statusCode())
                .isEqualTo(202);
        assertThat(send("GET", "/activations/act-1", null, "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/activations?fn=hello", null, "Bearer " + MANAGEMENT_KEY).statusCode())
                .isEqualTo(200);
        assertUnauthorized(send("GET", "/activations/act-1", null, null));
        assertUnauthorized(send("POST", "/async-function/hello", "x", null));
        assertThat(send("DELETE", "/activations/act-1", null, "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(403);
        assertThat(SERVER.received).hasSize(4);
    }

    @Test
    void refreshingTheLanguagesIsManagement() throws Exception {
        assertThat(send("POST", "/languages/refresh", null, "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(403);
        assertUnauthorized(send("POST", "/languages/refresh", null, null));
        assertThat(SERVER.received).isEmpty();

        assertThat(send("GET", "/languages", null, "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> refreshed = send("POST", "/languages/refresh", null, "Bearer " + MANAGEMENT_KEY);

        assertThat(refreshed.statusCode()).isEqualTo(202);
        assertThat(refreshed.headers().firstValue("Location")).hasValue("/languages");
        assertThat(SERVER.received).extracting(FakeServer.Received::method, FakeServer.Received::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/languages"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/languages/refresh"));
    }

    @Test
    void forwardsManagementWithTheManagementKeyOrTheApiKey() throws Exception {
        HttpResponse<String> deployed = send("POST", "/deploy?name=hello&lang=c", SOURCE,
                "Bearer " + MANAGEMENT_KEY);
        HttpResponse<String> strategy = send("PUT", "/system/strategy", "{\"strategy\":\"FIFO\"}",
                "Bearer " + API_KEY);
        HttpResponse<String> invoked = send("POST", "/function/hello", "x", "Bearer " + MANAGEMENT_KEY);

        assertThat(deployed.statusCode()).isEqualTo(201);
        assertThat(strategy.statusCode()).isEqualTo(200);
        assertThat(invoked.statusCode()).isEqualTo(200);
        assertThat(SERVER.received).extracting(FakeServer.Received::target)
                .containsExactly("/deploy?name=hello&lang=c", "/system/strategy", "/function/hello");
        assertThat(SERVER.received.getFirst().body()).isEqualTo(SOURCE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsHealthOpenAndTheOtherEndpointsClosed() throws Exception {
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health", null, "Bearer wrong").statusCode()).isEqualTo(200);
        assertUnauthorized(send("GET", "/actuator/prometheus", null, null));
        assertThat(send("GET", "/actuator/prometheus", null, "Bearer " + INVOKE_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAnUnauthenticatedUploadWithoutReadingIt() throws Exception {
        int announced = 1024 * 1024;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // Only the first 64 KiB of the announced 1 MiB: a filter that read the body would wait forever.
            out.write(("POST /deploy?name=big&lang=c HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + announced + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            String head = readHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 401")
                    .containsIgnoringCase("WWW-Authenticate: Bearer realm=\"wasm-faas\"")
                    .containsIgnoringCase("Connection: close");
        }
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void neverLogsAKey(CapturedOutput output) throws Exception {
        send("POST", "/invoke?fn=hello", "x", "Bearer " + INVOKE_KEY + "-wrong");
        send("POST", "/deploy?name=hello&lang=c", SOURCE, "Bearer " + INVOKE_KEY);
        send("POST", "/invoke?fn=hello", "x", "Bearer " + INVOKE_KEY);
        send("POST", "/deploy?name=hello&lang=c", SOURCE, "Bearer " + MANAGEMENT_KEY);
        send("GET", "/functions", null, "Bearer " + API_KEY);

        // The capture works: the refusals and the forwarded messages were logged, at DEBUG.
        assertThat(output).contains("refused").contains("GenericMessage");
        assertThat(output).doesNotContain(API_KEY, MANAGEMENT_KEY, INVOKE_KEY);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wasm-faas\"");
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"/problems/unauthorized\"").contains("\"ok\":false")
                .contains("\"status\":401");
    }

    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private HttpResponse<String> send(String method, String target, String body, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
