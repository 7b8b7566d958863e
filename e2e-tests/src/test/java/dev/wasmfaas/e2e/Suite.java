package dev.wasmfaas.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole suite as a user runs it: {@code ./faas up} as a real process, on a free port, with
 * its own runtime and functions directories; {@code ./faas down} to stop it.
 */
final class Suite implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("faas.home", "..")).toAbsolutePath().normalize();
    /**
     * The JIT of the suites' JVMs: without the C2 compiler a suite starts on half the CPU (two cores, seven JVMs
     * at once). The tests check behaviour; the speed of the product's own flags is the benchmarks'
     * (docs/DEVELOPING.md, "Test time").
     */
    static final String FIRST_JIT_TIER_ONLY = "-XX:TieredStopAtLevel=1";

    final Path runDir;
    final Path functionsDir;
    final int port;
    private final Path logFile;
    private final int poolSize;
    private final Map<String, String> settings;
    private Process launcher;
    private int starts;

    Suite(Path workDir, int poolSize) throws IOException {
        this(workDir, poolSize, Map.of());
    }

    /** @param settings extra environment of ./faas up, such as FAAS_BALANCER_ARGS */
    Suite(Path workDir, int poolSize, Map<String, String> settings) throws IOException {
        this.runDir = Files.createDirectories(workDir.resolve("run"));
        this.functionsDir = Files.createDirectories(workDir.resolve("functions"));
        this.logFile = Path.of("target", "e2e-" + workDir.getFileName() + ".log").toAbsolutePath();
        this.port = freePort();
        this.poolSize = poolSize;
        this.settings = Map.copyOf(settings);
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    void up() throws Exception {
        starts++;
        long begun = System.nanoTime();
        Files.createDirectories(logFile.getParent());
        ProcessBuilder builder = new ProcessBuilder(HOME.resolve("faas").toString(), "up")
                .directory(HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(starts == 1 ? ProcessBuilder.Redirect.to(logFile.toFile())
                        : ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment());
        launcher = builder.start();
        // The first start after a build also trains the class caches: minutes on a busy two-core machine.
        awaitReady(Duration.ofSeconds(480));
        // Where the test command's time goes (docs/DEVELOPING.md, "Test time"): each suite's start and stop.
        System.out.printf("suite %s: up in %d ms%n", runDir.getParent().getFileName(),
                (System.nanoTime() - begun) / 1_000_000);
    }

    void down() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(HOME.resolve("faas").toString(), "down").directory(HOME.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment());
        Process down = builder.start();
        if (!down.waitFor(90, TimeUnit.SECONDS)) {
            down.destroyForcibly();
            throw new IllegalStateException("./faas down did not finish");
        }
        if (launcher != null && !launcher.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("./faas up still running after ./faas down");
        }
    }

    /** The JVMs of this suite still alive (there must be none after {@link #down}). */
    List<ProcessHandle> leftovers() {
        String marker = "-Dfaas.instance=" + runDir;
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments()
                .map(args -> List.of(args).contains(marker)).orElse(false)).toList();
    }

    String log() throws IOException {
        return Files.exists(logFile) ? Files.readString(logFile) : "";
    }

    /** The process of one service of this suite ({@code server-service}...). */
    ProcessHandle service(String name) {
        return leftovers().stream()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("/" + name + ".jar"))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException(name + " is not running"));
    }

    /** Waits for ./faas up to end by itself (it does when a service keeps dying: FAAS_RESTART_LIMIT). */
    boolean awaitLauncherExit(Duration timeout) throws InterruptedException {
        return launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.putAll(Map.of("FAAS_PORT", Integer.toString(port), "FAAS_RUN_DIR", runDir.toString(),
                "FAAS_FUNCTIONS_DIR", functionsDir.toString(), "FAAS_POOL_SIZE", Integer.toString(poolSize),
                "FAAS_NO_BUILD", "1"));
        // Actuator on ephemeral ports: suites run one after another, and beside other suites on one machine.
        env.putIfAbsent("FAAS_METRICS_PORT_BASE", "0");
        // A pool of the size asked for, unless a test lets it scale.
        env.putIfAbsent("FAAS_POOL_MAX", Integer.toString(poolSize));
        env.putIfAbsent("FAAS_JVM_OPTS", FIRST_JIT_TIER_ONLY);
        return env;
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("./faas up exited with " + launcher.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200 && Files.exists(runDir.resolve("server.sock"))) {
                    return;
                }
            } catch (IOException ex) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("suite not ready within " + timeout + ":\n" + tail());
    }

    private String tail() throws IOException {
        String log = log();
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }

    /** A suite in its own directories under /tmp, started. */
    static Suite start(String name, int poolSize, Map<String, String> settings) throws Exception {
        Suite suite = new Suite(Files.createTempDirectory(Path.of("/tmp"), "faas-e2e-" + name), poolSize, settings);
        try {
            suite.up();
        } catch (Exception | AssertionError ex) {
            // A suite that did not become ready in time may still be starting: never leave it running.
            try {
                suite.down();
            } catch (Exception stop) {
                ex.addSuppressed(stop);
            }
            throw ex;
        }
        return suite;
    }

    /** Stops the suite and checks that it left no process and no socket behind, and no key in its log. */
    @Override
    public void close() throws Exception {
        long begun = System.nanoTime();
        down();
        System.out.printf("suite %s: down in %d ms%n", runDir.getParent().getFileName(),
                (System.nanoTime() - begun) / 1_000_000);
        List<ProcessHandle> left = leftovers();
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            throw new IllegalStateException("processes left after ./faas down: " + left);
        }
        try (var files = Files.list(runDir)) {
            List<Path> sockets = files.filter(f -> f.toString().endsWith(".sock")).toList();
            if (!sockets.isEmpty()) {
                throw new IllegalStateException("sockets left after ./faas down: " + sockets);
            }
        }
        // Keys reach the gateway through its environment: no line of any service may show one.
        String log = log();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            if (setting.getKey().endsWith("_KEY") && !setting.getValue().isEmpty() && log.contains(setting.getValue())) {
                throw new IllegalStateException(setting.getKey() + " appears in the suite's log " + logFile);
            }
        }
        // A clean stop leaves nothing to look at: the suite's log stays under target/.
        deleteTree(runDir.getParent());
    }

    // Best effort: what cannot be removed stays in the system's temporary directory.
    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | java.io.UncheckedIOException ex) {
            System.err.println("could not remove " + root + ": " + ex);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
