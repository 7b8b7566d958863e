package dev.wasmfaas.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.wasmfaas.common.lane.InvocationLane;
import dev.wasmfaas.common.lane.LaneAnswer;
import dev.wasmfaas.common.lane.LaneServer;

/**
 * The gateway in front of a server on a UNIX socket with its invocation lane beside it, both real
 * sockets: an invocation that accepts JSON goes to the lane, one that does not to the server's own
 * socket, and either is observed under {@code /invoke}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServerLaneTests {

    private static final Path DIR = temporaryDirectory();
    private static final LaneServer SOCKET = answering(DIR.resolve("server.sock"), "socket");
    private static final LaneServer LANE = answering(InvocationLane.socketBeside(DIR.resolve("server.sock")), "lane");

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("faas.gateway.server", () -> "unix:" + DIR.resolve("server.sock"));
    }

    @AfterAll
    static void stop() {
        LANE.close();
        SOCKET.close();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("gateway-lane");
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    // A stand-in for the server on one socket: it says which socket answered, and echoes the query and the body.
    private static LaneServer answering(Path socket, String name) {
        LaneServer server = new LaneServer(socket, "POST", "/invoke", 1 << 20, request -> new LaneAnswer(200,
                "application/json", List.<String[]>of(new String[] {"X-Activation-Id", "act-" + name}),
                (name + " " + request.query() + " " + new String(request.body(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
        server.start();
        return server;
    }

    private HttpResponse<String> invoke(String target, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .POST(HttpRequest.BodyPublishers.ofString("payload"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anInvocationThatAcceptsJsonGoesToTheLaneAndAnyOtherToTheServersSocket() throws Exception {
        HttpResponse<String> plain = invoke("/invoke?fn=hello&x=a%26b", null);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo("lane fn=hello&x=a%26b payload");
        assertThat(plain.headers().firstValue("X-Activation-Id")).hasValue("act-lane");

        assertThat(invoke("/invoke?fn=hello", "application/json, text/plain").body()).startsWith("lane ");
        assertThat(invoke("/invoke?fn=hello", "*/*").body()).startsWith("lane ");
        assertThat(invoke("/invoke?fn=hello", "text/html").body()).startsWith("socket ");
    }

    @Test
    void invocationsTakenAheadOfTheDispatcherAreStillObservedUnderTheirPath() throws Exception {
        double before = count();
        assertThat(invoke("/invoke?fn=hello", null).statusCode()).isEqualTo(200);
        assertThat(invoke("/invoke?fn=hello", null).statusCode()).isEqualTo(200);
        // The observation stops once the answer is written, which the client may see first.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (count() - before < 2.0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(count() - before).isEqualTo(2.0);
    }

    private double count() {
        var timer = meters.find("http.server.requests").tag("uri", "/invoke").tag("method", "POST").timer();
        return timer == null ? 0 : timer.count();
    }
}
