package dev.wasmfaas.server.language;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.server.compile.Compilers;
import dev.wasmfaas.server.compile.InstalledTools;
import dev.wasmfaas.server.compile.LanguageSupport;

/**
 * What the toolchains of every language were found to be. Probing them runs compilers and interpreters
 * ({@code --version}, sysroots), which took a minute on a busy machine: it is done on a thread of its own
 * at start and when asked, one language after the other, and {@link #languages()} answers at once with what
 * the last probe found.
 */
@Component
public class LanguageCatalog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LanguageCatalog.class);

    private final Compilers compilers;
    private final Clock clock;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("toolchain-probe").daemon().factory());
    private final Map<Language, LanguageStatus> rows = new EnumMap<>(Language.class);
    // A probe asked for that has not started: one asked while another runs waits for it, then sees what changed.
    private CompletableFuture<Void> waiting;
    private boolean running;
    private volatile boolean started;

    @Autowired
    public LanguageCatalog(Compilers compilers) {
        this(compilers, Clock.systemUTC());
    }

    LanguageCatalog(Compilers compilers, Clock clock) {
        this.compilers = compilers;
        this.clock = clock;
        for (Language language : Language.values()) {
            rows.put(language, LanguageStatus.unknown(language.id(), false));
        }
    }

    /** Every language in the order of {@link Language}, as the last probe found it; never waits for one. */
    public synchronized List<LanguageStatus> languages() {
        return List.copyOf(rows.values());
    }

    /**
     * Asks for a new probe of every toolchain, which runs after the one running now if any, and answers at once.
     * Asking again before it started asks for the same probe.
     */
    public synchronized Refresh refresh() {
        if (waiting == null) {
            CompletableFuture<Void> next = new CompletableFuture<>();
            try {
                prober.execute(() -> probe(next));
            } catch (RejectedExecutionException ex) {
                // stopped: nothing will probe again
                next.completeExceptionally(ex);
                return new Refresh(languages(), next);
            }
            waiting = next;
            markProbing(true);
        }
        return new Refresh(languages(), waiting);
    }

    /**
     * A probe asked for.
     *
     * @param languages every language as known when it was asked for, each marked as being probed
     * @param done ends when the probe has ended
     */
    public record Refresh(List<LanguageStatus> languages, CompletableFuture<Void> done) {
    }

    private void probe(CompletableFuture<Void> done) {
        synchronized (this) {
            if (waiting == done) {
                waiting = null;
            }
            running = true;
        }
        Instant start = clock.instant();
        try {
            // Asked for a new look: an answer kept from before (a tool that failed, or that was replaced) is not one.
            InstalledTools.forget();
            for (Language language : Language.values()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    LanguageSupport support = compilers.support(language);
                    Instant at = clock.instant();
                    synchronized (this) {
                        rows.put(language, LanguageStatus.of(support, at, true));
                    }
                } catch (RuntimeException ex) {
                    // the row keeps what the previous probe found
                    log.warn("probing the toolchain of {} failed: {}", language.id(), ex.toString());
                }
            }
            logFound(Duration.between(start, clock.instant()));
        } finally {
            synchronized (this) {
                running = false;
                markProbing(waiting != null);
            }
            done.complete(null);
        }
    }

    private synchronized void logFound(Duration took) {
        List<String> available = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        rows.values().forEach(row -> (Boolean.TRUE.equals(row.available()) ? available : missing).add(row.lang()));
        log.info("probed the toolchains in {} ms: available {}; missing {}", took.toMillis(), available,
                missing.isEmpty() ? "none" : missing);
    }

    private void markProbing(boolean probing) {
        rows.replaceAll((language, row) -> row.withProbing(probing || running));
    }

    @Override
    public void start() {
        started = true;
        refresh();
    }

    @Override
    public void stop() {
        started = false;
        prober.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    // Before the worker pool (phase 0), whose start takes seconds: the probe runs meanwhile.
    @Override
    public int getPhase() {
        return -1;
    }
}
