package dev.wasmfaas.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The client against a scripted HTTP server on a real UNIX-domain socket. */
class ChannelHttpClientTests {

    @TempDir
    Path dir;
    private final ChannelHttpClient client = new ChannelHttpClient("test");
    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendsTheRequestAndReadsAContentLengthAnswerOverOneKeptAliveConnection() throws Exception {
        server = new ScriptedServer(dir, request -> "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Echo: "
                + request.lines().filter(l -> l.startsWith("X-In:")).findFirst().orElse("none").substring(6)
                + "\r\n\r\nhello");

        for (int i = 0; i < 3; i++) {
            ChannelResponse response = client.send(server.endpoint(), new ChannelRequest("POST", "/invoke?fn=a%20b",
                    List.<String[]>of(new String[] {"X-In", "v" + i}), "body".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5), 1024));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().getFirst("x-echo")).isEqualTo("v" + i);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        assertThat(server.connections.get()).as("one connection for all three").isEqualTo(1);
        assertThat(server.requests.take()).startsWith("POST /invoke?fn=a%20b HTTP/1.1\r\n")
                .contains("Content-Length: 4\r\n").endsWith("\r\n\r\nbody");
    }

    @Test
    void readsAChunkedAnswerWhateverTheReadsSplit() throws Exception {
        server = new ScriptedServer(dir, request -> "HTTP/1.1 404 \r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/problem+json\r\n\r\n3\r\n{\"a\r\n4;ext=1\r\n\":1}\r\n0\r\n\r\n");

        ChannelResponse first = client.send(server.endpoint(), ChannelRequest.of("GET", "/x", Duration.ofSeconds(5),
                1024));
        ChannelResponse second = client.send(server.endpoint(), ChannelRequest.of("GET", "/x", Duration.ofSeconds(5),
                1024));

        assertThat(first.status()).isEqualTo(404);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerClosesIsNotUsedAgain() throws Exception {
        server = new ScriptedServer(dir, request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

        client.send(server.endpoint(), ChannelRequest.of("GET", "/", Duration.ofSeconds(5), 1024));
        ChannelResponse again = client.send(server.endpoint(), ChannelRequest.of("GET", "/", Duration.ofSeconds(5),
                1024));

        assertThat(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(server.connections.get()).isEqualTo(2);
    }

    @Test
    void aKeptAliveConnectionItsServerClosedSilentlyIsReplacedAndTheCallGoesThrough() throws Exception {
        server = new ScriptedServer(dir, request -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        server.closeAfterAnswer = true;

        client.send(server.endpoint(), ChannelRequest.of("GET", "/", Duration.ofSeconds(5), 1024));
        assertThat(server.closed.tryAcquire(5, TimeUnit.SECONDS)).as("the server closed the first connection").isTrue();
        ChannelResponse again = client.send(server.endpoint(), new ChannelRequest("POST", "/invoke", List.of(),
                "second".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), 1024));

        assertThat(again.status()).isEqualTo(200);
        assertThat(new String(again.body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(server.connections.get()).isEqualTo(2);
        server.requests.take();
        assertThat(server.requests.take()).as("the second request, whole, on the new connection").endsWith("second");
    }

    @Test
    void anAnswerOverTheLimitIsRefused() throws Exception {
        server = new ScriptedServer(dir, request -> "HTTP/1.1 200 OK\r\nContent-Length: 2048\r\n\r\n" + "x".repeat(2048));

        assertThatExceptionOfType(ChannelHttpException.class).isThrownBy(() -> client.send(server.endpoint(),
                ChannelRequest.of("GET", "/", Duration.ofSeconds(5), 1024))).withMessageContaining("1024");
    }

    @Test
    void noAnswerWithinTheTimeoutFailsAsTimedOutAfterDelivery() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        server = new ScriptedServer(dir, request -> {
            await(never);
            return "";
        });

        assertThatExceptionOfType(ChannelHttpException.class).isThrownBy(() -> client.send(server.endpoint(),
                ChannelRequest.of("GET", "/", Duration.ofMillis(300), 1024))).satisfies(ex -> {
                    assertThat(ex.timedOut()).isTrue();
                    assertThat(ex.delivered()).isTrue();
                });
        never.countDown();
    }

    @Test
    void anAbortFromAnotherThreadEndsTheCallWithItsReason() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        server = new ScriptedServer(dir, request -> {
            arrived.countDown();
            await(never);
            return "";
        });
        ChannelHttpClient.Call call = client.call(server.endpoint(), ChannelRequest.of("GET", "/",
                Duration.ofSeconds(30), 1024));
        IllegalStateException reason = new IllegalStateException("the worker was removed");
        Thread.ofVirtual().start(() -> {
            await(arrived);
            call.abort(reason);
        });

        assertThatExceptionOfType(ChannelHttpException.class).isThrownBy(call::execute).satisfies(ex -> {
            assertThat(ex.getCause()).isSameAs(reason);
            assertThat(ex.timedOut()).isFalse();
            assertThat(ex.delivered()).isTrue();
        });
        never.countDown();
    }

    @Test
    void nothingListeningIsAFailureBeforeDelivery() {
        Endpoint absent = Endpoint.unix(dir.resolve("absent.sock"));

        assertThatExceptionOfType(ChannelHttpException.class).isThrownBy(() -> client.send(absent,
                ChannelRequest.of("GET", "/", Duration.ofSeconds(5), 1024)))
                .satisfies(ex -> assertThat(ex.delivered()).isFalse());
    }

    @Test
    void aConnectionClosedMidAnswerIsAFailureAfterDelivery() throws Exception {
        server = new ScriptedServer(dir, request -> "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        server.closeAfterAnswer = true;

        assertThatExceptionOfType(ChannelHttpException.class).isThrownBy(() -> client.send(server.endpoint(),
                ChannelRequest.of("GET", "/", Duration.ofSeconds(5), 1024)))
                .satisfies(ex -> assertThat(ex.delivered()).isTrue());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers each request on a connection with what its script says, byte for byte. */
    private static final class ScriptedServer implements AutoCloseable {

        final AtomicInteger connections = new AtomicInteger();
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        final Semaphore closed = new Semaphore(0);
        volatile boolean closeAfterAnswer;
        private final Path socket;
        private final ServerSocketChannel listener;
        private final Function<String, String> script;

        ScriptedServer(Path dir, Function<String, String> script) throws IOException {
            this.socket = dir.resolve("scripted.sock");
            this.script = script;
            this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            Thread.ofVirtual().start(this::accept);
        }

        Endpoint endpoint() {
            return Endpoint.unix(socket);
        }

        private void accept() {
            while (listener.isOpen()) {
                try {
                    SocketChannel connection = listener.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(connection));
                } catch (IOException ex) {
                    return;
                }
            }
        }

        // Reads one request (head, and a body by Content-Length), answers it, and goes on unless told to close.
        private void serve(SocketChannel connection) {
            try (connection) {
                ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                while (true) {
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    int headEnd;
                    while ((headEnd = request.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n")) < 0) {
                        buffer.clear();
                        if (connection.read(buffer) < 0) {
                            return;
                        }
                        request.write(buffer.array(), 0, buffer.position());
                    }
                    String text = request.toString(StandardCharsets.ISO_8859_1);
                    int length = text.lines().filter(l -> l.startsWith("Content-Length:"))
                            .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
                    while (request.size() < headEnd + 4 + length) {
                        buffer.clear();
                        connection.read(buffer);
                        request.write(buffer.array(), 0, buffer.position());
                    }
                    String whole = request.toString(StandardCharsets.ISO_8859_1);
                    requests.add(whole);
                    String answer = script.apply(whole);
                    ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.ISO_8859_1));
                    // In two writes, so that a reader sees the answer split.
                    int half = out.limit() / 2;
                    connection.write(out.duplicate().limit(half));
                    connection.write(out.position(half));
                    if (closeAfterAnswer || answer.contains("Connection: close")) {
                        return;
                    }
                }
            } catch (IOException ex) {
                // the client went away
            } finally {
                closed.release();
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
