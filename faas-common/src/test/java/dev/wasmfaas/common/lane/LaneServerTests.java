package dev.wasmfaas.common.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemHandlerSupport;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.common.http.ChannelHttpClient;
import dev.wasmfaas.common.http.ChannelHttpException;
import dev.wasmfaas.common.http.ChannelRequest;
import dev.wasmfaas.common.http.ChannelResponse;
import dev.wasmfaas.common.http.Endpoint;

/** The lane on a real UNIX-domain socket, driven by the platform's own client and by hand-written bytes. */
class LaneServerTests {

    @TempDir
    Path dir;

    private final ChannelHttpClient client = new ChannelHttpClient("lane-test");
    private LaneServer lane;

    @AfterEach
    void stop() {
        client.close();
        if (lane != null) {
            lane.close();
        }
    }

    private LaneServer start(LaneHandler handler) {
        lane = new LaneServer(InvocationLane.socketBeside(dir.resolve("svc.sock")), "POST", "/invoke", 1024, handler);
        lane.start();
        return lane;
    }

    private ChannelResponse post(String target, List<String[]> headers, byte[] body) {
        try {
            return client.send(Endpoint.unix(lane.socket()),
                    new ChannelRequest("POST", target, headers, body, Duration.ofSeconds(5), 1 << 20));
        } catch (ChannelHttpException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void theHandlerGetsTheWholeRequestAndItsAnswerGoesBackOnAKeptConnection() {
        AtomicReference<LaneRequest> seen = new AtomicReference<>();
        start(request -> {
            seen.set(request);
            return new LaneAnswer(200, "application/x-test", List.<String[]>of(new String[] {"Faas-Status", "success"},
                    new String[] {"Faas-Status", "twice"}), ("got " + new String(request.body(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
        });

        for (int i = 0; i < 3; i++) {
            ChannelResponse answer = post("/invoke?fn=a%20b", List.<String[]>of(new String[] {"Faas-Activation-Id", "id-" + i},
                    new String[] {"Faas-Arg", "one"}, new String[] {"faas-arg", "two"}), ("body " + i).getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.keepAlive()).isTrue();
            assertThat(answer.headers().getFirst("Content-Type")).isEqualTo("application/x-test");
            assertThat(answer.headers().get("Faas-Status")).containsExactly("success", "twice");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("got body " + i);
            LaneRequest request = seen.get();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/invoke");
            assertThat(request.query()).isEqualTo("fn=a%20b");
            assertThat(request.first("FAAS-ACTIVATION-ID")).isEqualTo("id-" + i);
            assertThat(request.all("Faas-Arg")).containsExactly("one", "two");
            assertThat(request.first("Faas-Missing")).isNull();
        }
    }

    @Test
    void theSocketIsTheOwnersOnlyAndGoneAfterClose() throws Exception {
        start(request -> new LaneAnswer(200, "text/plain", List.of(), new byte[0]));
        assertThat(lane.socket().getFileName().toString()).isEqualTo("svc.invoke.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lane.socket()))).isEqualTo("rw-------");
        lane.close();
        assertThat(lane.socket()).doesNotExist();
    }

    @Test
    void requestsArrivingInPiecesOrTogetherAreEachAnswered() throws Exception {
        start(request -> new LaneAnswer(200, "text/plain", List.of(), request.body()));
        try (SocketChannel raw = connect()) {
            String first = "POST /invoke HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
            String second = "POST /invoke HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nbye";
            for (String piece : new String[] {first.substring(0, 10), first.substring(10, 40), first.substring(40)}) {
                send(raw, piece);
                Thread.sleep(20);
            }
            assertThat(readAnswer(raw)).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 5\r\n").endsWith("\r\n\r\nhello");
            send(raw, second + second);
            String both = readUntil(raw, 2);
            assertThat(both.split("HTTP/1.1 200 OK", -1)).hasSize(3);
            assertThat(both).endsWith("bye");
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        start(request -> new LaneAnswer(200, "text/plain", List.of(), request.body()));
        try (SocketChannel raw = connect()) {
            send(raw, "POST /invoke HTTP/1.1\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            assertThat(readAnswer(raw)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            send(raw, "ok");
            assertThat(readAnswer(raw)).startsWith("HTTP/1.1 200 OK").endsWith("ok");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        start(request -> new LaneAnswer(200, "text/plain", List.of(), request.body()));
        try (SocketChannel raw = connect()) {
            send(raw, "POST /invoke HTTP/1.1\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
            String answer = readToEnd(raw);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("Connection: close\r\n").endsWith("x");
        }
    }

    @Test
    void badRequestsAreRefusedAsProblemsAndTheConnectionIsClosed() throws Exception {
        start(request -> new LaneAnswer(200, "text/plain", List.of(), request.body()));
        List<String[]> refusals = List.of(
                new String[] {"POST /invoke HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "HTTP/1.1 501 "},
                new String[] {"POST /other HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 404 "},
                new String[] {"GET /invoke HTTP/1.1\r\n\r\n", "HTTP/1.1 405 "},
                new String[] {"POST /invoke HTTP/1.1\r\nContent-Length: 1025\r\n\r\n", "HTTP/1.1 413 "},
                new String[] {"POST /invoke HTTP/1.1\r\nContent-Length: ten\r\n\r\n", "HTTP/1.1 400 "},
                new String[] {"POST /invoke HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 400 "},
                new String[] {"POST /invoke HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "HTTP/1.1 400 "},
                new String[] {"POST  /invoke HTTP/1.1\r\n\r\n", "HTTP/1.1 400 "},
                new String[] {"POST /invoke HTTP/2.0\r\n\r\n", "HTTP/1.1 505 "},
                new String[] {"POST /invoke HTTP/1.1\r\nno colon here\r\n\r\n", "HTTP/1.1 400 "},
                new String[] {"POST /invoke HTTP/1.1\r\nX-Big: " + "a".repeat(17 * 1024) + "\r\n\r\n", "HTTP/1.1 431 "});
        for (String[] refusal : refusals) {
            try (SocketChannel raw = connect()) {
                send(raw, refusal[0]);
                String answer = readToEnd(raw);
                assertThat(answer).as(refusal[0]).startsWith(refusal[1])
                        .contains("Content-Type: application/problem+json\r\n", "Connection: close\r\n", "\"ok\":false");
            }
        }
        assertThat(post("/invoke", List.of(), "still serving".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    }

    @Test
    void failuresOfTheHandlerAnswerAsTheServicesProblemMappingDoes() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        start(request -> {
            throw failure.get();
        });

        failure.set(new FaasException(ErrorKind.QUEUE_FULL, "the queue is full (8)",
                Map.of(ProblemHandlerSupport.RETRY_AFTER, 2, "queueCapacity", 8)));
        ChannelResponse full = post("/invoke", List.of(), new byte[0]);
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.headers().getFirst("Retry-After")).isEqualTo("2");
        assertThat(new String(full.body(), StandardCharsets.UTF_8)).contains("\"detail\":\"the queue is full (8)\"",
                "\"retryAfterSeconds\":2", "\"queueCapacity\":8", "\"status\":429", "\"instance\":\"/invoke\"");

        failure.set(new RemoteProblemException(502, "{\"type\":\"/problems/worker-lost\"}".getBytes(StandardCharsets.UTF_8),
                "application/problem+json", null));
        ChannelResponse relayed = post("/invoke", List.of(), new byte[0]);
        assertThat(relayed.status()).isEqualTo(502);
        assertThat(new String(relayed.body(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"/problems/worker-lost\"}");

        failure.set(new IllegalStateException("a bug"));
        ChannelResponse unexpected = post("/invoke", List.of(), new byte[0]);
        assertThat(unexpected.status()).isEqualTo(500);
        assertThat(new String(unexpected.body(), StandardCharsets.UTF_8)).contains("see the service log")
                .doesNotContain("a bug");
        assertThat(unexpected.keepAlive()).isTrue();
    }

    @Test
    void closeLetsACallInProgressFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(request -> {
            entered.countDown();
            release.await(5, TimeUnit.SECONDS);
            return new LaneAnswer(200, "text/plain", List.of(), "finished".getBytes(StandardCharsets.UTF_8));
        });
        // Threads of their own: the common pool may have a single thread on a small machine.
        CompletableFuture<ChannelResponse> call = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> call.complete(post("/invoke", List.of(), new byte[0])));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            lane.close();
            closing.complete(null);
        });
        Thread.sleep(100);
        assertThat(closing).isNotDone();
        release.countDown();
        ChannelResponse answer = call.get(5, TimeUnit.SECONDS);
        closing.get(5, TimeUnit.SECONDS);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("finished");
        assertThat(answer.keepAlive()).isFalse();
        assertThat(lane.socket()).doesNotExist();
    }

    @Test
    void aLaneWithAProbeAnswersGetHealthAndOnlyThat() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(true);
        start(request -> new LaneAnswer(200, "text/plain", List.of(), request.body()))
                .withProbe(request -> InvocationLane.health(up.get()));
        ChannelResponse healthy = client.send(Endpoint.unix(lane.socket()),
                ChannelRequest.of("GET", "/health", Duration.ofSeconds(5), 1024));
        assertThat(healthy.status()).isEqualTo(200);
        assertThat(new String(healthy.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"UP\"}");
        up.set(false);
        ChannelResponse down = client.send(Endpoint.unix(lane.socket()),
                ChannelRequest.of("GET", "/health", Duration.ofSeconds(5), 1024));
        assertThat(down.status()).isEqualTo(503);
        assertThat(new String(down.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(post("/invoke", List.of(), "still".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        try (SocketChannel raw = connect()) {
            send(raw, "POST /health HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
            assertThat(readToEnd(raw)).startsWith("HTTP/1.1 405 ");
        }
    }

    @Test
    void withoutAProbeHealthIsNotServed() throws Exception {
        start(request -> new LaneAnswer(200, "text/plain", List.of(), request.body()));
        try (SocketChannel raw = connect()) {
            send(raw, "GET /health HTTP/1.1\r\n\r\n");
            assertThat(readToEnd(raw)).startsWith("HTTP/1.1 404 ");
        }
    }

    @Test
    void callersGoToTheLaneOnlyOnceItListensAndStayThere() {
        Endpoint service = Endpoint.unix(dir.resolve("svc.sock"));
        LaneEndpoint caller = new LaneEndpoint(service);
        assertThat(InvocationLane.of(service)).isEqualTo(service);
        assertThat(caller.get()).isEqualTo(service);
        start(request -> new LaneAnswer(200, "text/plain", List.of(), new byte[0]));
        assertThat(InvocationLane.of(service).socket()).isEqualTo(lane.socket());
        assertThat(caller.get().socket()).isEqualTo(lane.socket());
        lane.close();
        // A restarting service binds the same path again: the caller keeps it rather than asking the file system.
        assertThat(InvocationLane.of(service)).isEqualTo(service);
        assertThat(caller.get().socket()).isEqualTo(lane.socket());
        Endpoint tcp = Endpoint.parse("http://balancer:8082");
        assertThat(InvocationLane.of(tcp)).isEqualTo(tcp);
        assertThat(new LaneEndpoint(tcp).get()).isEqualTo(tcp);
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(lane.socket()));
        return channel;
    }

    private static void send(SocketChannel channel, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    // One read's worth after waiting for the answer to arrive whole.
    private static String readAnswer(SocketChannel channel) throws IOException, InterruptedException {
        return readUntil(channel, 1);
    }

    private static String readUntil(SocketChannel channel, int answers) throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            buffer.clear();
            int read = channel.read(buffer);
            if (read < 0) {
                break;
            }
            text.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
            if (complete(text.toString(), answers)) {
                break;
            }
        }
        return text.toString();
    }

    private static boolean complete(String text, int answers) {
        int at = 0;
        for (int i = 0; i < answers; i++) {
            int head = text.indexOf("\r\n\r\n", at);
            if (head < 0) {
                return false;
            }
            int length = text.indexOf("Content-Length: ", at);
            int body = length < 0 || length > head ? 0
                    : Integer.parseInt(text.substring(length + 16, text.indexOf("\r\n", length)));
            at = head + 4 + body;
            if (text.length() < at) {
                return false;
            }
        }
        return true;
    }

    // Until the server closes; a server that closes with a request's rest unread resets the connection after its answer.
    private static String readToEnd(SocketChannel channel) {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            int read;
            while ((read = channel.read(buffer.clear())) >= 0) {
                text.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
            }
        } catch (IOException reset) {
            assertThat(text).as("the answer before the reset").isNotEmpty();
        }
        return text.toString();
    }
}
