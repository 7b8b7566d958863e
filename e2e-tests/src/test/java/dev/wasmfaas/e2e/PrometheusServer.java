package dev.wasmfaas.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus, as {@code ./faas prometheus} runs it: the project's scrape configuration copied beside the
 * suite's scrape targets (with a one-second interval instead of fifteen), its storage in a temporary directory,
 * listening on a free loopback port. Read through its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path CONFIG = Suite.HOME.resolve("ops/prometheus/prometheus.yml");

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** The prometheus binary; the test fails, not skips, without it (./faas test installs it). */
    static Path binary() {
        return Stream.concat(Stream.of(System.getenv("PATH").split(":")), Stream.of("/usr/bin", "/usr/local/bin"))
                .map(dir -> Path.of(dir, "prometheus")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "prometheus is not installed: ./faas test installs it (Debian/Ubuntu: apt-get install prometheus)"));
    }

    static PrometheusServer start(Path runDir, Path workDir) throws Exception {
        Path binary = binary();
        // The configuration's file_sd path (metrics/*.json) is relative to the file: it goes into the run directory.
        Path config = runDir.resolve("prometheus-e2e.yml");
        Files.writeString(config, Files.readString(CONFIG)
                .replace("scrape_interval: 15s", "scrape_interval: 1s")
                .replace("refresh_interval: 5s", "refresh_interval: 1s"));
        int port = freePort();
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(workDir.resolve("prometheus-data")),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    /** Every active target's labels and health ({@code up}, {@code down}, {@code unknown}). */
    List<Target> targets() throws Exception {
        JsonNode body = get("/api/v1/targets?state=active");
        List<Target> targets = new ArrayList<>();
        for (JsonNode target : body.get("data").get("activeTargets")) {
            JsonNode labels = target.get("labels");
            targets.add(new Target(labels.path("service").asString(""), labels.path("worker").asString(""),
                    target.get("scrapeUrl").asString(), target.get("health").asString()));
        }
        return targets;
    }

    /** The value of an instant query that answers one series, if it answers any. */
    Optional<Double> scalar(String promql) throws Exception {
        JsonNode result = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .get("data").get("result");
        if (result.isEmpty()) {
            return Optional.empty();
        }
        if (result.size() > 1) {
            throw new IllegalStateException(promql + " answered " + result.size() + " series: " + result);
        }
        return Optional.of(Double.parseDouble(result.get(0).get("value").get(1).asString()));
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = Api.JSON.readTree(response.body());
        if (!"success".equals(body.get("status").asString())) {
            throw new IllegalStateException(pathAndQuery + ": " + response.body());
        }
        return body;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException ex) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("prometheus not ready within " + timeout + ":\n" + log());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * One scrape target as Prometheus sees it.
     *
     * @param service its {@code service} label
     * @param worker its {@code worker} label (empty but for workers)
     * @param scrapeUrl where it is scraped
     * @param health {@code up}, {@code down} or {@code unknown}
     */
    record Target(String service, String worker, String scrapeUrl, String health) {
    }
}
