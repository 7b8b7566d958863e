import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak driver of bench/soak.sh (run as a source file: java Soak.java ...). It invokes a mix of functions at
 * a steady rate (open loop: each call leaves at its time, whatever the others do) and prints, per minute, the
 * calls, the errors and the p50/p99 latency, and the RSS, the live heap (after a full collection the sampler
 * asks for with jcmd) and the open file descriptors of every process of the suite. A hostile function's own
 * problem (its timeout, its output limit...) is expected, not an error.
 *
 * <pre>
 * java Soak.java URL RUN_DIR MINUTES RATE|auto CALIBRATE_SECONDS OUT_DIR fn:weight[:expected-type] ...
 * </pre>
 */
public final class Soak {

    record Target(String fn, int weight, String expected) {
    }

    /** One minute's figures. */
    static final class Minute {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong expected = new AtomicLong();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        final List<Long> micros = java.util.Collections.synchronizedList(new ArrayList<>());
    }

    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"/problems/([a-z-]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final String url;
    private final List<Target> mix;
    private final int totalWeight;

    Soak(String url, List<Target> mix) {
        this.url = url;
        this.mix = mix;
        this.totalWeight = mix.stream().mapToInt(Target::weight).sum();
    }

    Target pick(long n) {
        // A fixed interleaving by weight: call n goes to the target whose share n falls in.
        long slot = (n * 7919) % totalWeight;
        for (Target t : mix) {
            slot -= t.weight();
            if (slot < 0) {
                return t;
            }
        }
        return mix.getLast();
    }

    /** Sends one call and records it in the minute it was sent in. */
    void call(Target target, Minute minute) {
        long start = System.nanoTime();
        String outcome;
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/invoke?fn=" + target.fn()))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("soak")).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200 && answer.body().contains("\"ok\":true")) {
                outcome = "ok";
            } else {
                Matcher type = TYPE.matcher(answer.body());
                outcome = answer.statusCode() + " " + (type.find() ? type.group(1) : "(no problem type)");
            }
        } catch (IOException ex) {
            outcome = "io " + ex.getClass().getSimpleName();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        long micros = (System.nanoTime() - start) / 1000;
        if (target.expected() == null) {
            if (outcome.equals("ok")) {
                minute.ok.incrementAndGet();
                minute.micros.add(micros);
                return;
            }
        } else if (outcome.endsWith(" " + target.expected())) {
            minute.expected.incrementAndGet();
            return;
        }
        minute.errors.computeIfAbsent(target.fn() + " " + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    /** A closed loop of {@code clients} for {@code seconds}: the mix's maximum rate on this machine. */
    double calibrate(int clients, int seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong n = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Minute scratch = new Minute();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        call(pick(n.getAndIncrement()), scratch);
                        done.incrementAndGet();
                    }
                });
            }
        }
        return done.get() / (double) seconds;
    }

    /** The open loop: {@code rate} calls a second for {@code minutes}, one {@link Minute} each. */
    List<Minute> run(double rate, int minutes, Sampler sampler, PrintStream progress) throws InterruptedException {
        List<Minute> result = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            result.add(new Minute());
        }
        // A bound on calls in flight, so that a stalled suite shows as errors rather than exhausting this JVM.
        Semaphore inFlight = new Semaphore(5000);
        long start = System.nanoTime();
        long total = (long) (rate * 60 * minutes);
        long interval = (long) (1e9 / rate);
        int sampled = -1;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int minute = (int) Math.min(minutes - 1, (System.nanoTime() - start) / 60_000_000_000L);
                if (minute != sampled) {
                    if (sampled >= 0) {
                        progress.printf("minute %d: %s%n", sampled + 1, line(result.get(sampled)));
                    }
                    // Off the sending thread: the samples' jcmd calls take seconds, the calls leave on time.
                    int sample = minute + 1;
                    Thread.ofVirtual().start(() -> sampler.sample(sample));
                    sampled = minute;
                }
                Minute bucket = result.get(minute);
                Target target = pick(i);
                bucket.sent.incrementAndGet();
                if (!inFlight.tryAcquire()) {
                    bucket.errors.computeIfAbsent(target.fn() + " not sent: 5000 calls in flight", k -> new AtomicLong())
                            .incrementAndGet();
                    continue;
                }
                threads.submit(() -> {
                    try {
                        call(target, bucket);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        progress.printf("minute %d: %s%n", minutes, line(result.get(minutes - 1)));
        sampler.sample(minutes + 1);
        return result;
    }

    static String line(Minute m) {
        long[] sorted = m.micros.stream().mapToLong(Long::longValue).sorted().toArray();
        long errors = m.errors.values().stream().mapToLong(AtomicLong::get).sum();
        return String.format("sent %d, ok %d, expected problems %d, errors %d, p50 %.1f ms, p99 %.1f ms %s", m.sent.get(),
                m.ok.get(), m.expected.get(), errors, pct(sorted, 50), pct(sorted, 99), errors == 0 ? "" : m.errors);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
    }

    /**
     * The RSS and open descriptors of every process of one suite, read from /proc, and its live heap (what a full
     * collection leaves: {@code jcmd PID GC.run}, then {@code GC.heap_info}; a pause of a few milliseconds in each
     * JVM once a minute), so that a heap still growing into its -Xmx tells from a leak.
     */
    static final class Sampler {
        private static final Pattern USED = Pattern.compile(
                "^\\s*(DefNew|Tenured|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");
        private final String instance;
        private final String workerSocket;
        private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        private final Path commands;
        final Map<Integer, Map<String, String>> rows = new java.util.concurrent.ConcurrentSkipListMap<>();

        Sampler(Path runDir) {
            this.instance = "-Dfaas.instance=" + runDir;
            this.workerSocket = "--faas.worker.socket=" + runDir + "/";
            try {
                this.commands = Files.writeString(Files.createTempFile("soak-jcmd", ".txt"), "GC.run\nGC.heap_info\n");
                commands.toFile().deleteOnExit();
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        void sample(int minute) {
            Map<String, String> row = new TreeMap<>();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String name = nameOf(proc);
                    if (name != null) {
                        row.put(name, rssMib(proc) + " MiB / " + liveHeapMib(proc.getFileName().toString())
                                + " MiB live / " + fds(proc) + " fd");
                    }
                }
            } catch (IOException ex) {
                row.put("error", ex.toString());
            }
            rows.put(minute, row);
        }

        private String nameOf(Path proc) {
            String[] args;
            try {
                args = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
            } catch (IOException ex) {
                return null;
            }
            List<String> list = Arrays.asList(args);
            boolean ours = list.contains(instance) || list.stream().anyMatch(a -> a.startsWith(workerSocket));
            if (!ours) {
                return null;
            }
            for (String arg : args) {
                if (arg.startsWith("--faas.worker.id=")) {
                    return arg.substring("--faas.worker.id=".length()) + " (" + proc.getFileName() + ")";
                }
            }
            for (String service : List.of("gateway", "server", "balancer")) {
                if (list.stream().anyMatch(a -> a.endsWith("/" + service + "-service.jar"))) {
                    return service + " (" + proc.getFileName() + ")";
                }
            }
            return null;
        }

        private static long rssMib(Path proc) {
            try {
                for (String line : Files.readAllLines(proc.resolve("status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    }
                }
            } catch (IOException | NumberFormatException ex) {
                // gone meanwhile
            }
            return -1;
        }

        // What the heap holds after a full collection (the serial collector's two generations), -1 if unknown.
        private long liveHeapMib(String pid) {
            try {
                Process process = new ProcessBuilder(jcmd.toString(), pid, "-f", commands.toString())
                        .redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    return -1;
                }
                long kib = 0;
                boolean found = false;
                for (String line : output.lines().toList()) {
                    Matcher used = USED.matcher(line);
                    if (used.find()) {
                        kib += Long.parseLong(used.group(2));
                        found = true;
                    }
                }
                return found ? kib / 1024 : -1;
            } catch (IOException ex) {
                return -1;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        private static long fds(Path proc) {
            try (var fds = Files.list(proc.resolve("fd"))) {
                return fds.count();
            } catch (IOException ex) {
                return -1;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: java Soak.java URL RUN_DIR MINUTES RATE|auto CALIBRATE_SECONDS OUT_DIR fn:weight[:type]...");
            System.exit(2);
        }
        String url = args[0];
        Path runDir = Path.of(args[1]).toAbsolutePath().normalize();
        int minutes = Integer.parseInt(args[2]);
        Path out = Files.createDirectories(Path.of(args[5]));
        List<Target> mix = new ArrayList<>();
        for (String spec : Arrays.copyOfRange(args, 6, args.length)) {
            String[] parts = spec.split(":");
            mix.add(new Target(parts[0], Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : null));
        }
        Soak soak = new Soak(url, mix);
        PrintStream progress = System.err;
        double rate;
        if (args[3].equals("auto")) {
            int seconds = Integer.parseInt(args[4]);
            double max = soak.calibrate(32, seconds);
            rate = Math.max(1, Math.round(max / 2));
            progress.printf("calibration: %.1f calls/s at 32 clients in a closed loop over %d s; soaking at half: %.0f/s%n",
                    max, seconds, rate);
            Files.writeString(out.resolve("calibration.txt"), String.format("max %.1f/s, rate %.0f/s%n", max, rate));
        } else {
            rate = Double.parseDouble(args[3]);
        }
        Sampler sampler = new Sampler(runDir);
        List<Minute> result = soak.run(rate, minutes, sampler, progress);

        StringBuilder table = new StringBuilder();
        table.append(String.format("Rate %.0f calls/s; mix %s%n%n", rate, mix.stream()
                .map(t -> t.fn() + " " + t.weight() + (t.expected() == null ? "" : " (expects " + t.expected() + ")"))
                .toList()));
        table.append("| minute | sent | ok | expected problems | errors | p50 ms | p99 ms |\n|---|---|---|---|---|---|---|\n");
        long errors = 0;
        for (int m = 0; m < result.size(); m++) {
            Minute minute = result.get(m);
            long[] sorted = minute.micros.stream().mapToLong(Long::longValue).sorted().toArray();
            long e = minute.errors.values().stream().mapToLong(AtomicLong::get).sum();
            errors += e;
            table.append(String.format("| %d | %d | %d | %d | %d | %.1f | %.1f |%n", m + 1, minute.sent.get(),
                    minute.ok.get(), minute.expected.get(), e, pct(sorted, 50), pct(sorted, 99)));
        }
        table.append('\n');
        for (int m = 0; m < result.size(); m++) {
            if (!result.get(m).errors.isEmpty()) {
                table.append("errors in minute ").append(m + 1).append(": ").append(result.get(m).errors).append('\n');
            }
        }
        // Processes as columns (names of the last sample, which has every process still alive), minutes as rows.
        List<String> names = new ArrayList<>(sampler.rows.values().stream().flatMap(r -> r.keySet().stream())
                .distinct().sorted().toList());
        table.append("\nRSS, live heap (after a full collection) and open file descriptors at the start of each minute (")
                .append(result.size() + 1).append(" = after the last):\n\n| minute | ").append(String.join(" | ", names)).append(" |\n|---|");
        names.forEach(n -> table.append("---|"));
        table.append('\n');
        sampler.rows.forEach((minute, row) -> {
            table.append("| ").append(minute).append(" | ");
            names.forEach(n -> table.append(row.getOrDefault(n, "-")).append(" | "));
            table.append('\n');
        });
        Files.writeString(out.resolve("soak.md"), table);
        System.out.print(table);
        System.out.printf("%nerrors: %d%n", errors);
    }
}
