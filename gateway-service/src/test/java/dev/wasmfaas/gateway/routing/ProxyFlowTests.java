package dev.wasmfaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway as a real server on a random port, proxying through its Spring Integration
 * flow to a real HTTP server that stands in for server-service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"faas.gateway.max-source-bytes=2048", "faas.gateway.max-module-bytes=4096",
                "faas.gateway.max-payload-bytes=1024"})
class ProxyFlowTests {

    private static final FakeServer SERVER = new FakeServer();
    private static final String SOURCE = "#include <stdio.h>\nint main(){ printf(\"a+b=%d&c\\n\", 1+2); }\n";

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
    void forwardsAFormEncodedDeployByteForByteAndRelaysTheAnswer() throws Exception {
        HttpResponse<String> response = send("POST", "/deploy?name=hello&lang=c", SOURCE.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"ok\":true,\"id\":\"hello_1\"}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Location")).hasValue("/function/hello");
        assertThat(response.headers().firstValue("X-Internal-Secret")).isEmpty();
        FakeServer.Received received = SERVER.received.getFirst();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.target()).isEqualTo("/deploy?name=hello&lang=c");
        assertThat(received.body()).isEqualTo(SOURCE.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void relaysTheServersProblemWithItsStatus() throws Exception {
        HttpResponse<String> response = send("POST", "/deploy?name=taken&lang=c", "x".getBytes());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"ok\":false");
    }

    @Test
    void keepsTheEncodedQueryOfAnInvocation() throws Exception {
        HttpResponse<String> response = send("POST", "/invoke?fn=hello&x=a%26b%3Dc", "payload".getBytes());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true,\"echo\":7}");
        assertThat(SERVER.received.getFirst().target()).isEqualTo("/invoke?fn=hello&x=a%26b%3Dc");
    }

    @Test
    void forwardsADeleteAndAPut() throws Exception {
        HttpResponse<String> deleted = send("DELETE", "/functions/hello", null);
        HttpResponse<String> updated = send("PUT", "/functions/hello?lang=c&env=A%3D1", "int main(){}".getBytes());

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(SERVER.received).extracting(FakeServer.Received::method, FakeServer.Received::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("DELETE", "/functions/hello"),
                        org.assertj.core.groups.Tuple.tuple("PUT", "/functions/hello?lang=c&env=A%3D1"));
        assertThat(SERVER.received.get(0).body()).isEmpty();
        assertThat(new String(SERVER.received.get(1).body())).isEqualTo("int main(){}");
    }

    @Test
    void relaysASourceWithItsTypeAndForbidsGuessingAnother() throws Exception {
        HttpResponse<String> response = send("GET", "/function/hello", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).isEqualTo("int main(){}\n");

        HttpResponse<byte[]> module = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/function/wasm-hello")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(module.headers().firstValue("Content-Type")).hasValue("application/wasm");
        assertThat(module.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(module.body()).containsExactly(0, 'a', 's', 'm', 1, 0, 0, 0);
    }

    @Test
    void takesAModuleUpToItsOwnCapLargerThanASourcesOne() throws Exception {
        byte[] module = new byte[4096];
        module[1] = 'a';

        assertThat(send("POST", "/deploy?name=big&lang=wasm", module).statusCode()).isEqualTo(201);
        assertThat(send("PUT", "/functions/big?lang=WASM", module).statusCode()).isEqualTo(200);
        assertThat(SERVER.received).hasSize(2).allSatisfy(received -> assertThat(received.body()).isEqualTo(module));
        SERVER.received.clear();

        assertProblem(send("POST", "/deploy?name=big&lang=wasm", new byte[4097]), 413, "payload-too-large");
        assertProblem(send("PUT", "/functions/big?lang=wasm", new byte[4097]), 413, "payload-too-large");
        assertProblem(send("POST", "/deploy?name=big&lang=c", new byte[2049]), 413, "payload-too-large");
        assertProblem(send("POST", "/deploy?name=big&lang=wasm&lang=wasm", new byte[2049]), 413, "payload-too-large");
        assertProblem(send("POST", "/invoke?fn=big&lang=wasm", new byte[1025]), 413, "payload-too-large");
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void forwardsARefreshOfTheLanguages() throws Exception {
        HttpResponse<String> response = send("POST", "/languages/refresh", null);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).hasValue("/languages");
        assertThat(SERVER.received).extracting(FakeServer.Received::method, FakeServer.Received::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/languages/refresh"));
    }

    @Test
    void forwardsAnAsynchronousInvocationAndRelaysWhereToReadIt() throws Exception {
        for (String target : new String[] {"/async-function/hello", "/invoke?fn=hello&async=true"}) {
            HttpResponse<String> response = send("POST", target, "in".getBytes());

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.headers().firstValue("Location")).hasValue("/activations/act-1");
            assertThat(response.headers().firstValue("X-Activation-Id")).hasValue("act-1");
            assertThat(response.body()).contains("\"status\":\"queued\"");
        }
        assertThat(SERVER.received).extracting(FakeServer.Received::method, FakeServer.Received::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/async-function/hello"),
                        org.assertj.core.groups.Tuple.tuple("POST", "/invoke?fn=hello&async=true"));
        assertThat(new String(SERVER.received.getFirst().body())).isEqualTo("in");
    }

    @Test
    void forwardsReadsOfActivations() throws Exception {
        assertThat(send("GET", "/activations/0f1e-42", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/activations?fn=hello&limit=5", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/activations", null).body()).isEqualTo("{\"status\":\"success\"}");

        assertThat(SERVER.received).extracting(FakeServer.Received::target)
                .containsExactly("/activations/0f1e-42", "/activations?fn=hello&limit=5", "/activations");
    }

    @Test
    void refusesOtherMethodsOnActivationsAndAsyncInvocations() throws Exception {
        assertProblem(send("DELETE", "/activations/abc", null), 405, "method-not-allowed");
        assertProblem(send("POST", "/activations", "x".getBytes()), 405, "method-not-allowed");
        assertProblem(send("PUT", "/activations/abc", "x".getBytes()), 405, "method-not-allowed");
        assertProblem(send("GET", "/async-function/hello", null), 405, "method-not-allowed");
        assertProblem(send("DELETE", "/async-function/hello", null), 405, "method-not-allowed");

        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void refusesBadActivationQueriesWithoutForwardingThem() throws Exception {
        assertProblem(send("GET", "/activations?limit=0", null), 400, "bad-request");
        assertProblem(send("GET", "/activations?limit=ten", null), 400, "bad-request");
        assertProblem(send("GET", "/activations?limit=-1", null), 400, "bad-request");
        assertProblem(send("GET", "/activations?fn=a.b", null), 400, "invalid-name");
        assertProblem(send("GET", "/activations/a.b", null), 400, "bad-request");
        assertProblem(send("POST", "/async-function/a.b", "x".getBytes()), 400, "invalid-name");
        assertProblem(send("POST", "/async-function/hello", new byte[1025]), 413, "payload-too-large");
        assertProblem(send("POST", "/invoke?fn=hello&async=maybe", new byte[0]), 400, "bad-request");

        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void refusesBadRequestsWithoutForwardingThem() throws Exception {
        assertProblem(send("POST", "/deploy?name=../etc&lang=c", "x".getBytes()), 400, "invalid-name");
        assertProblem(send("POST", "/deploy?name=ok", "x".getBytes()), 400, "unsupported-language");
        assertProblem(send("POST", "/deploy?name=ok&lang=", "x".getBytes()), 400, "unsupported-language");
        assertProblem(send("POST", "/deploy?name=ok&lang=cobol", "x".getBytes()), 400, "unsupported-language");
        assertProblem(send("POST", "/deploy?name=ok&lang=c", new byte[2049]), 413, "payload-too-large");
        assertProblem(send("POST", "/invoke?fn=hello", new byte[1025]), 413, "payload-too-large");
        assertProblem(send("POST", "/invoke", new byte[0]), 400, "bad-request");
        assertProblem(send("GET", "/function/a%20b", null), 400, "invalid-name");
        assertProblem(send("GET", "/nowhere", null), 404, "not-found");
        assertProblem(send("PATCH", "/deploy", null), 405, "method-not-allowed");
        assertProblem(send("PUT", "/functions/a.b?lang=c", "x".getBytes()), 400, "invalid-name");
        assertProblem(send("PUT", "/functions/ok?lang=cobol", "x".getBytes()), 400, "unsupported-language");
        assertProblem(send("PUT", "/functions/ok?lang=c", new byte[2049]), 413, "payload-too-large");
        assertProblem(send("DELETE", "/functions/a.b", null), 400, "invalid-name");

        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void refusesAMalformedQueryString() throws Exception {
        String answer = raw("POST /invoke?fn=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"ok\":false");
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void answersWhatTomcatRefusesByItselfAsAProblemToo() throws Exception {
        // Paths Tomcat will not decode (an encoded slash, NUL or backslash, a broken escape, invalid UTF-8),
        // a request line over the header limit, and TRACE: none of them reaches a Spring handler.
        for (String target : List.of("/function/a%2Fb", "/function/..%2F..%2Fetc", "/function/a%00b", "/function/a%5Cb",
                "/function/%ZZ", "/function/%FF", "/function/\u00ff", "/function/a b", "/function/" + "x".repeat(10_000),
                "/invoke?fn=" + "x".repeat(10_000))) {
            String answer = raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertRawProblem(answer, 400, "bad-request");
        }
        assertRawProblem(raw("TRACE /functions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 405,
                "method-not-allowed");
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void hasNoErrorPageOfItsOwn() throws Exception {
        assertProblem(send("GET", "/error", null), 404, "not-found");
        assertProblem(send("POST", "/error", "x".getBytes()), 404, "not-found");
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void refusesMalformedContentTypesAndAcceptsAndMultipartBodies() throws Exception {
        for (String type : List.of(";;;", "/", "text/plain; charset=bogus", "\"text/plain\"", "a/b/c")) {
            assertProblem(send("POST", "/invoke?fn=hello", "x".getBytes(), type), 400, "bad-request");
            assertProblem(send("POST", "/deploy?name=ok&lang=c", "x".getBytes(), type), 400, "bad-request");
        }
        assertProblem(send("POST", "/deploy?name=ok&lang=c", "x".getBytes(), "multipart/form-data; boundary=x"), 415,
                "unsupported-media-type");
        assertProblem(send("POST", "/invoke?fn=hello", "x".getBytes(), "multipart/mixed; boundary=x"), 415,
                "unsupported-media-type");
        for (String accept : List.of(";;;", "\"x", "text/html;q=")) {
            String answer = raw("POST /invoke?fn=hello HTTP/1.1\r\nHost: x\r\nAccept: " + accept
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertRawProblem(answer, 400, "bad-request");
        }
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void refusesAParameterThatMeansOneThingGivenTwice() throws Exception {
        assertProblem(send("POST", "/invoke?fn=a&fn=b", "x".getBytes()), 400, "bad-request");
        assertProblem(send("POST", "/deploy?name=a&name=b&lang=c", "x".getBytes()), 400, "bad-request");
        assertProblem(send("POST", "/deploy?name=a&lang=c&lang=js", "x".getBytes()), 400, "bad-request");
        assertProblem(send("PUT", "/functions/a?lang=c&timeoutMs=1&timeoutMs=2", "x".getBytes()), 400, "bad-request");
        assertProblem(send("POST", "/invoke?fn=%FF", "x".getBytes()), 400, "bad-request");
        assertThat(SERVER.received).isEmpty();
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertRawProblem(String answer, int status, String type) {
        assertThat(answer).as(answer).startsWith("HTTP/1.1 " + status)
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"type\":\"/problems/" + type + "\"", "\"status\":" + status, "\"ok\":false")
                .doesNotContain("<html", "Exception", "\tat ");
    }

    private void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"ok\":false").contains("\"type\":\"/problems/" + type + "\"")
                .doesNotContain("Exception");
    }

    @Test
    void forwardsTheAcceptedTypesAsTheClientWroteThem() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/functions")).header("Accept", "application/json, text/plain;q=0.5").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SERVER.received.getFirst().accept()).isEqualTo("application/json, text/plain;q=0.5");
    }

    private HttpResponse<String> send(String method, String target, byte[] body) throws Exception {
        return send(method, target, body, "application/x-www-form-urlencoded");
    }

    private HttpResponse<String> send(String method, String target, byte[] body, String contentType) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .method(method, publisher);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
