package dev.wasmfaas.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code docker-compose.yml} as a user drives it, through the compose client this machine has:
 * the Compose v2 plugin ({@code docker compose}) or {@code docker-compose} 1.29, which Testcontainers'
 * {@code ComposeContainer} (v2 only) and {@code DockerComposeContainer} (its helper images come from a registry)
 * cannot drive here. One project under a name of its own, with free host ports, and every command logged.
 */
final class ComposeProject {

    final String name = "faas-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final int gatewayPort;
    final int prometheusPort;
    private final List<String> client;
    private final Path logFile = Path.of("target", "compose-e2e.log").toAbsolutePath();

    ComposeProject() throws IOException {
        this.client = client();
        this.gatewayPort = freePort();
        this.prometheusPort = freePort();
        Files.createDirectories(logFile.getParent());
        Files.deleteIfExists(logFile);
    }

    URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gatewayPort + pathAndQuery);
    }

    URI prometheus(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + prometheusPort + pathAndQuery);
    }

    /** Runs a compose command of this project and answers its output; fails with that output when it fails. */
    String compose(Duration timeout, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(client);
        command.addAll(List.of("-p", name, "-f", Suite.HOME.resolve("docker-compose.yml").toString()));
        command.addAll(Arrays.asList(arguments));
        return run(command, timeout);
    }

    /** Runs a docker command and answers its output; fails with that output when it fails. */
    String docker(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(Arrays.asList(arguments));
        return run(command, Duration.ofSeconds(60));
    }

    /** Runs ./faas with the given arguments, the jars the build already made (FAAS_NO_BUILD). */
    String faas(Duration timeout, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Suite.HOME.resolve("faas").toString()));
        command.addAll(Arrays.asList(arguments));
        return run(command, timeout);
    }

    /** The id of the container of one service. */
    String container(String service) throws Exception {
        String id = compose(Duration.ofSeconds(60), "ps", "-q", service).strip();
        if (id.isEmpty() || id.contains("\n")) {
            throw new IllegalStateException("not one container for " + service + ": '" + id + "'");
        }
        return id;
    }

    /** Waits until Docker reports the service's health check healthy. */
    void awaitHealthy(String service, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String status = "";
        while (Instant.now().isBefore(deadline)) {
            status = docker("inspect", "--format", "{{.State.Health.Status}}", container(service)).strip();
            if (status.equals("healthy")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(service + " not healthy within " + timeout + " (last: " + status + "):\n"
                + compose(Duration.ofSeconds(60), "logs", "--tail", "80", service));
    }

    /** What Docker still holds of this project: containers, networks and volumes, by label and by name. */
    List<String> leftovers() throws Exception {
        List<String> left = new ArrayList<>();
        for (String filter : List.of("label=com.docker.compose.project=" + name, "name=" + name)) {
            docker("container", "ls", "--all", "--quiet", "--filter", filter).lines().forEach(id -> left.add("container " + id));
            docker("network", "ls", "--quiet", "--filter", filter).lines().forEach(id -> left.add("network " + id));
            docker("volume", "ls", "--quiet", "--filter", filter).lines().forEach(id -> left.add("volume " + id));
        }
        return left.stream().filter(l -> !l.isBlank()).distinct().toList();
    }

    private String run(List<String> command, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Suite.HOME.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment());
        Path output = Files.createTempFile("compose-e2e", ".out");
        builder.redirectOutput(output.toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        Files.writeString(logFile, "$ " + String.join(" ", command) + "\n" + text + "# " + (ended ? "exit " + process.exitValue()
                : "timed out") + " after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        if (!ended || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + (ended ? " exited with " + process.exitValue()
                    : " did not end within " + timeout) + ":\n" + tail(text));
        }
        return text;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("FAAS_PORT", Integer.toString(gatewayPort));
        env.put("FAAS_PROMETHEUS_PORT", Integer.toString(prometheusPort));
        env.put("FAAS_POOL_SIZE", "2");
        // A fixed pool, so that "whole again" after a kill means two workers (AutoscalingE2ETests scales one).
        env.put("FAAS_POOL_MAX", "2");
        env.put("FAAS_NO_BUILD", "1");
        return env;
    }

    private static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    /** Whether the docker command line reaches a daemon. */
    static boolean dockerAnswers() throws InterruptedException {
        try {
            Process process = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                return process.exitValue() == 0;
            }
            process.destroyForcibly();
            return false;
        } catch (IOException ex) {
            return false;
        }
    }

    private static List<String> client() throws IOException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                Process process = new ProcessBuilder(version).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
                process.destroyForcibly();
            } catch (IOException ex) {
                // not installed: the next one
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IOException(ex);
            }
        }
        throw new IOException("no compose client: neither 'docker compose' nor 'docker-compose' answers");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
