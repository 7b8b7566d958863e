package dev.wasmfaas.load;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.wasmfaas.load.options.LoadOptions;
import dev.wasmfaas.load.options.UsageException;
import dev.wasmfaas.load.report.LoadReport;
import dev.wasmfaas.load.run.LoadRun;
import dev.wasmfaas.load.run.Progress;

/** The command: parses the options, runs the load, prints the report and answers an exit status. */
public final class LoadInjector {

    public static final int COMPLETED = 0;
    public static final int NOTHING_SUCCEEDED = 1;
    public static final int BAD_USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Progress progress;
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile LoadRun current;

    LoadInjector(PrintStream out, PrintStream err, Progress progress) {
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    public static void main(String[] args) throws InterruptedException {
        LoadInjector injector = new LoadInjector(System.out, System.err, Progress.stderr());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("load-stop").unstarted(injector::interrupted));
        System.exit(injector.run(args));
    }

    /** Runs the command and answers its exit status. */
    int run(String... args) throws InterruptedException {
        try {
            if (LoadOptions.helpRequested(args)) {
                out.print(LoadOptions.USAGE);
                return COMPLETED;
            }
            LoadOptions options;
            try {
                options = LoadOptions.parse(args);
            } catch (UsageException ex) {
                err.println("load-injector: " + ex.getMessage());
                err.println("load-injector: --help lists the options");
                return BAD_USAGE;
            }
            LoadRun run = new LoadRun(options, progress);
            current = run;
            LoadReport report = run.run();
            out.print(options.json() ? report.toJson() + "\n" : report.toKeyValue());
            out.flush();
            if (report.ok() > 0) {
                return COMPLETED;
            }
            err.println("load-injector: no request succeeded"
                    + run.firstFailure().map(failure -> "; first transport failure: " + failure).orElse(""));
            return NOTHING_SUCCEEDED;
        } finally {
            reported.countDown();
        }
    }

    /** On Ctrl-C: stop sending and give the run a moment to print what it measured. */
    private void interrupted() {
        LoadRun run = current;
        if (run != null) {
            run.stop();
            try {
                reported.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
