package dev.wasmfaas.load.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import dev.wasmfaas.load.report.Latency;

/** One closed loop: {@code concurrency} virtual threads, each sending its next request when its previous one ended. */
final class Phase {

    /** What a phase measured: its counts, the latency of its answers in microseconds, and how long it took. */
    record Result(Tally tally, Histogram latencyMicros, Duration elapsed) {
    }

    private final Invoker invoker;
    private final int concurrency;
    private final Tally tally = new Tally();
    private final Histogram total = Latency.newHistogram();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    Phase(Invoker invoker, int concurrency) {
        this.invoker = invoker;
        this.concurrency = concurrency;
    }

    Tally tally() {
        return tally;
    }

    /** Runs until the budget is spent and every request in flight has ended, or until {@link #stop()}. */
    Result run(Budget budget) throws InterruptedException {
        long start = System.nanoTime();
        synchronized (threads) {
            for (int i = 0; i < concurrency && !stopped; i++) {
                threads.add(Thread.ofVirtual().name("load-" + i).start(() -> loop(budget)));
            }
        }
        for (Thread thread : List.copyOf(threads)) {
            thread.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        synchronized (total) {
            return new Result(tally, total.copy(), elapsed);
        }
    }

    /** No new request; those in flight are abandoned, and left out of the counts. */
    void stop() {
        stopped = true;
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }

    private void loop(Budget budget) {
        // Each thread records into its own histogram (HdrHistogram's are not thread-safe), merged at the end.
        Histogram own = Latency.newHistogram();
        try {
            while (!stopped && budget.take()) {
                long sent = System.nanoTime();
                Outcome outcome = invoker.invoke();
                if (outcome.answered()) {
                    own.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
                }
                tally.add(outcome);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (total) {
                total.add(own);
            }
        }
    }
}
