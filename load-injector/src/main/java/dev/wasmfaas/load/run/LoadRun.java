package dev.wasmfaas.load.run;

import java.net.http.HttpClient;
import java.util.Optional;

import dev.wasmfaas.load.options.Limit;
import dev.wasmfaas.load.options.LoadOptions;
import dev.wasmfaas.load.report.Latency;
import dev.wasmfaas.load.report.LoadReport;

/** A whole run: the warmup, then the measured phase, over one HTTP client; it ends with the report. */
public final class LoadRun {

    private final LoadOptions options;
    private final Progress progress;
    private volatile Phase current;
    private volatile boolean stopped;
    private volatile Tally measured;

    public LoadRun(LoadOptions options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /** Sends the warmup, then the measured requests, and reports on the latter. */
    public LoadReport run() throws InterruptedException {
        // HTTP/1.1 with keep-alive: each virtual thread ends up reusing one pooled connection.
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            Invoker invoker = new Invoker(http, options);
            if (options.warmup() > 0) {
                phase("warmup", invoker, new Limit.Count(options.warmup()));
            }
            Phase.Result result = phase("measure", invoker, options.limit());
            Tally tally = result.tally();
            measured = tally;
            return new LoadReport(options.function(), options.concurrency(), tally.ended(), tally.ok(),
                    result.elapsed(), Latency.of(result.latencyMicros()), tally.byStatus());
        } finally {
            // close() would wait for the requests abandoned by stop(), up to their timeout.
            if (stopped) {
                http.shutdownNow();
            } else {
                http.close();
            }
        }
    }

    /** Stops sending at once, from another thread (Ctrl-C); {@link #run()} then reports what had ended. */
    public void stop() {
        stopped = true;
        Phase phase = current;
        if (phase != null) {
            phase.stop();
        }
    }

    /** The first transport failure of the measured phase, if any: the reason when nothing got through. */
    public Optional<String> firstFailure() {
        Tally tally = measured;
        return tally == null ? Optional.empty() : tally.firstFailure();
    }

    private Phase.Result phase(String name, Invoker invoker, Limit limit) throws InterruptedException {
        Phase phase = new Phase(invoker, options.concurrency());
        current = phase;
        if (stopped) {
            phase.stop();
        }
        try (Progress.Line line = progress.follow(name, phase.tally())) {
            return phase.run(Budget.of(limit));
        }
    }
}
