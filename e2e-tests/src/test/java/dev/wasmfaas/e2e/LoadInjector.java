package dev.wasmfaas.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The load injector's jar run as a process, with its key=value report parsed. */
final class LoadInjector {

    static final Path JAR = Suite.HOME.resolve("load-injector/target/load-injector.jar");

    private final Process process;
    private final Path output;

    private LoadInjector(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static LoadInjector start(Suite suite, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                JAR.toString(), "--url", "http://127.0.0.1:" + suite.port));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("load-injector", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new LoadInjector(process, output);
    }

    /** Waits for the run to end and answers its report. */
    Map<String, String> report() throws Exception {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the load injector did not finish");
        }
        Map<String, String> report = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                report.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return report;
    }

    static long count(Map<String, String> report, String key) {
        return Long.parseLong(report.getOrDefault(key, "0"));
    }
}
