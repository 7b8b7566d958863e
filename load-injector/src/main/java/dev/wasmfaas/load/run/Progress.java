package dev.wasmfaas.load.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The once-a-second status of a run on stderr: one line rewritten in place on a terminal, else one line a second. */
public final class Progress {

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream out;
    private final boolean terminal;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress on stderr, rewritten in place when stderr is a terminal. */
    public static Progress stderr() {
        return new Progress(System.err, stderrIsTerminal());
    }

    /** Follows a phase until the returned line is closed, which prints its final state. */
    Line follow(String phase, Tally tally) {
        return new Line(phase, tally);
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException ex) {
            // No /proc: the console, when there is one, says at least that stdin and stdout are a terminal.
            return System.console() != null;
        }
    }

    /** The status of one phase, printed by a virtual thread of its own. */
    final class Line implements AutoCloseable {

        private final String phase;
        private final Tally tally;
        private final long start = System.nanoTime();
        private final Thread ticker;
        private int width;

        private Line(String phase, Tally tally) {
            this.phase = phase;
            this.tally = tally;
            this.ticker = Thread.ofVirtual().name("load-progress").start(this::tick);
        }

        private void tick() {
            long lastEnded = 0;
            long lastAt = start;
            try {
                while (true) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(TICK_NANOS - (System.nanoTime() - start) % TICK_NANOS));
                    long now = System.nanoTime();
                    long ended = tally.ended();
                    print(now, ended, (ended - lastEnded) * 1e9 / Math.max(1, now - lastAt), false);
                    lastEnded = ended;
                    lastAt = now;
                }
            } catch (InterruptedException ex) {
                // closed
            }
        }

        private synchronized void print(long now, long ended, double rate, boolean last) {
            String text = String.format(Locale.ROOT, "[load] %-7s %6.1fs  requests %d  rate %.0f/s  errors %d%s", phase,
                    (now - start) / 1e9, ended, rate, tally.errors(), last ? "  done" : "");
            if (terminal) {
                // Padded over the previous line's leftovers, which a carriage return does not erase.
                out.print("\r" + text + " ".repeat(Math.max(0, width - text.length())) + (last ? "\n" : ""));
                width = text.length();
            } else {
                out.println(text);
            }
            out.flush();
        }

        /** Stops the ticker and prints the phase's last state with its mean rate. */
        @Override
        public void close() {
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            long now = System.nanoTime();
            long ended = tally.ended();
            print(now, ended, ended * 1e9 / Math.max(1, now - start), true);
        }
    }
}
