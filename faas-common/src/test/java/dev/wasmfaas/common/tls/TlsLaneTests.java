package dev.wasmfaas.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneAnswer;
import dev.wasmfaas.common.lane.LaneServer;

/**
 * The lane over TCP with mutual TLS, with certificates of a throw-away CA: the platform's own client gets through
 * on kept connections; a peer without a certificate, with one of another CA, or speaking plain HTTP fails the
 * handshake and never reaches the handler; and the client refuses a server of another CA.
 */
class TlsLaneTests {

    @TempDir
    static Path dir;

    private static TestCertificates.Leaf platform;
    private static TestCertificates.Leaf stranger;

    private final AtomicInteger handled = new AtomicInteger();
    private LaneServer lane;
    private ChannelHttpClient client;

    @BeforeAll
    static void certificates() throws IOException {
        platform = TestCertificates.authority(dir.resolve("platform"), "platform").issue("peer");
        stranger = TestCertificates.authority(dir.resolve("stranger"), "stranger").issue("intruder");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (lane != null) {
            lane.close();
        }
    }

    private Endpoint start(SSLContext context) {
        lane = InvocationLane.overTls(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), context, request -> {
            handled.incrementAndGet();
            return new LaneAnswer(200, "text/plain", List.of(), ("echo " + new String(request.body(),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }).withProbe(request -> InvocationLane.health(true));
        lane.start();
        return Endpoint.parse("https://127.0.0.1:" + lane.port());
    }

    private static ChannelRequest invoke(String body) {
        return new ChannelRequest("POST", "/invoke", List.of(), body.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10), 1 << 20);
    }

    @Test
    void aPeerOfThePlatformCallsTheLaneAndItsProbeOverOneKeptConnection() throws Exception {
        Endpoint endpoint = start(platform.context());
        client = new ChannelHttpClient("tls-test", platform.context());

        for (int i = 0; i < 3; i++) {
            ChannelResponse answer = client.send(endpoint, invoke("call " + i));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("echo call " + i);
        }
        ChannelResponse health = client.send(endpoint, ChannelRequest.of("GET", LaneServer.HEALTH_PATH,
                Duration.ofSeconds(5), 1024));
        assertThat(health.status()).isEqualTo(200);
        assertThat(handled).hasValue(3);
    }

    @Test
    void aPeerWithoutACertificateFailsTheHandshake() throws Exception {
        Endpoint endpoint = start(platform.context());
        // Trusts the platform's CA, so it would accept the server: only its own missing certificate is refused.
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(platform.bundle().getStores().getTrustStore());
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, trust.getTrustManagers(), null);

        assertThat(exchange(anonymous, endpoint)).isNull();
        assertThat(handled).hasValue(0);
    }

    @Test
    void aPeerWithACertificateOfAnotherAuthorityIsRefused() throws Exception {
        Endpoint endpoint = start(platform.context());
        client = new ChannelHttpClient("tls-test", stranger.context());

        assertThatThrownBy(() -> client.send(endpoint, invoke("hello"))).isInstanceOf(ChannelHttpException.class)
                .satisfies(ex -> assertThat(((ChannelHttpException) ex).delivered()).isFalse());
        assertThat(handled).hasValue(0);
    }

    @Test
    void plainHttpToTheTlsPortGetsNoAnswer() throws Exception {
        Endpoint endpoint = start(platform.context());
        try (Socket socket = new Socket("127.0.0.1", endpoint.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("POST /invoke HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] answer = readAll(socket.getInputStream());
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1 200").doesNotContain("echo");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void theClientRefusesAServerOfAnotherAuthority() throws Exception {
        Endpoint endpoint = start(stranger.context());
        client = new ChannelHttpClient("tls-test", platform.context());

        assertThatThrownBy(() -> client.send(endpoint, invoke("hello"))).isInstanceOf(ChannelHttpException.class);
        assertThat(handled).hasValue(0);
    }

    @Test
    void anHttpsEndpointWithoutTlsMaterialIsAClearFailure() {
        Endpoint endpoint = start(platform.context());
        client = new ChannelHttpClient("tls-test");

        assertThatThrownBy(() -> client.send(endpoint, invoke("hello"))).isInstanceOf(ChannelHttpException.class)
                .hasMessageContaining("no TLS material");
    }

    // What a TLS client gets for its request: the answer's bytes, or null when the handshake failed.
    private static byte[] exchange(SSLContext context, Endpoint endpoint) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", endpoint.port())) {
            socket.setSoTimeout(15_000);
            try {
                socket.startHandshake();
                // TLS 1.3: the server checks the client's certificate after the client's handshake is done.
                socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                byte[] answer = readAll(socket.getInputStream());
                return answer.length == 0 ? null : answer;
            } catch (IOException ex) {
                return null;
            }
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException ex) {
            return new byte[0];
        }
    }
}
