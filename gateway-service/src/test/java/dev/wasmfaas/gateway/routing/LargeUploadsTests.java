package dev.wasmfaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The default caps through the real gateway: a module of exactly 32 MiB passes Tomcat, the filters, the flow
 * and the client to the server byte for byte, with or without a Content-Length; one byte more is a 413, said
 * before the body is sent to a client that asks first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LargeUploadsTests {

    private static final int MIB = 1024 * 1024;
    private static final FakeServer SERVER = new FakeServer();

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
    void forwardsAModuleOfExactlyTheCap() throws Exception {
        byte[] module = random(32 * MIB);

        HttpResponse<String> response = send("/deploy?name=big&lang=wasm", HttpRequest.BodyPublishers.ofByteArray(module));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(SERVER.received).singleElement()
                .satisfies(received -> assertThat(sha256(received.body())).isEqualTo(sha256(module)));
    }

    @Test
    void forwardsAChunkedModuleOfExactlyTheCap() throws Exception {
        byte[] module = random(32 * MIB);

        // from an InputStream the client sends no Content-Length: the body arrives chunked
        HttpResponse<String> response = send("/deploy?name=big&lang=wasm",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(module)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(SERVER.received).singleElement()
                .satisfies(received -> assertThat(sha256(received.body())).isEqualTo(sha256(module)));
    }

    @Test
    void refusesAModuleOverTheCapBeforeItsBodyIsSent() throws Exception {
        String answer = raw("POST /deploy?name=big&lang=wasm HTTP/1.1\r\nHost: x\r\nContent-Length: " + (32 * MIB + 1)
                + "\r\nExpect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413").doesNotContain("100 Continue")
                .contains("application/problem+json").contains("/problems/payload-too-large");
        assertThat(SERVER.received).isEmpty();
    }

    @Test
    void asksForTheBodyOfAnUploadWithinTheCap() throws Exception {
        String answer = raw("POST /deploy?name=big&lang=c HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n"
                + "Expect: 100-continue\r\n\r\n", "int main(){}\n");

        assertThat(answer).startsWith("HTTP/1.1 100").contains("HTTP/1.1 201");
        assertThat(SERVER.received).singleElement()
                .satisfies(received -> assertThat(received.body()).asString().isEqualTo("int main(){}\n"));
    }

    @Test
    void keepsSourcesAndPayloadsAtOneMebibyte() throws Exception {
        assertThat(send("/deploy?name=big&lang=c", HttpRequest.BodyPublishers.ofByteArray(new byte[MIB + 1]))
                .statusCode()).isEqualTo(413);
        assertThat(send("/invoke?fn=big", HttpRequest.BodyPublishers.ofByteArray(new byte[MIB + 1])).statusCode())
                .isEqualTo(413);
        assertThat(send("/invoke?fn=big", HttpRequest.BodyPublishers.ofByteArray(new byte[MIB])).statusCode())
                .isEqualTo(200);
        assertThat(SERVER.received).singleElement().satisfies(received -> assertThat(received.body()).hasSize(MIB));
    }

    private HttpResponse<String> send(String target, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // Headers first; the body only once the gateway said 100 Continue. One request per connection.
    private String raw(String head, String... body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            if (body.length > 0) {
                while (!answer.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return answer.toString();
                    }
                    answer.append((char) b);
                }
                out.write(body[0].getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            return answer.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).toString();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
