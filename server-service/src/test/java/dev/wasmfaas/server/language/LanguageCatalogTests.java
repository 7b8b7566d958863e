package dev.wasmfaas.server.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.server.compile.CompileOptions;
import dev.wasmfaas.server.compile.Compilers;
import dev.wasmfaas.server.compile.FunctionCompiler;
import dev.wasmfaas.server.compile.HtmlPassThrough;
import dev.wasmfaas.server.compile.LanguageSupport;

// A timeout only so that a catalog that waited for its probe fails instead of hanging the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LanguageCatalogTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path dir;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger probes = new AtomicInteger();
    private LanguageCatalog catalog;

    @AfterEach
    void stop() {
        release.countDown();
        if (catalog != null) {
            catalog.stop();
        }
    }

    @Test
    void answersWhileAProbeIsStuckAndSaysSo() throws Exception {
        catalog = catalog(new BlockingC());

        LanguageCatalog.Refresh refresh = catalog.refresh();
        CompletableFuture<Void> first = refresh.done();
        List<LanguageStatus> during = catalog.languages();

        // The probe of C cannot end before the latch opens: this answer did not wait for it.
        assertThat(release.getCount()).isEqualTo(1);
        assertThat(first).isNotDone();
        assertThat(during).extracting(LanguageStatus::lang)
                .containsExactly("c", "cpp", "rust", "go", "wasm", "js", "python", "php", "html");
        assertThat(during).allSatisfy(row -> assertThat(row.probing()).isTrue());
        assertThat(row(during, "c").available()).isNull();
        assertThat(row(during, "c").checkedAt()).isNull();
        assertThat(refresh.languages()).isEqualTo(during);

        release.countDown();
        first.get(30, TimeUnit.SECONDS);

        List<LanguageStatus> after = catalog.languages();
        assertThat(after).allSatisfy(row -> {
            assertThat(row.probing()).isFalse();
            assertThat(row.checkedAt()).isEqualTo(NOW);
            assertThat(row.available()).isNotNull();
        });
        assertThat(row(after, "c").available()).isTrue();
        assertThat(row(after, "c").version()).isEqualTo("clang 99");
        assertThat(row(after, "html").available()).isTrue();
        assertThat(row(after, "go").available()).isFalse();
        assertThat(row(after, "go").install()).isNotBlank();
    }

    @Test
    void aRefreshAskedDuringAProbeRunsOnceMoreAfterIt() throws Exception {
        catalog = catalog(new BlockingC());

        CompletableFuture<Void> first = catalog.refresh().done();
        awaitProbes(1);
        CompletableFuture<Void> second = catalog.refresh().done();
        CompletableFuture<Void> third = catalog.refresh().done();

        assertThat(third).isSameAs(second);
        release.countDown();
        CompletableFuture.allOf(first, second).get(30, TimeUnit.SECONDS);

        assertThat(probes).hasValue(2);
        assertThat(catalog.languages()).allSatisfy(row -> assertThat(row.probing()).isFalse());
    }

    @Test
    void startsProbingWhenStartedAndKnowsNothingBefore() throws Exception {
        catalog = catalog(new BlockingC());

        assertThat(catalog.languages()).allSatisfy(row -> {
            assertThat(row.available()).isNull();
            assertThat(row.probing()).isFalse();
        });
        catalog.start();
        assertThat(catalog.isRunning()).isTrue();
        awaitProbes(1);
        assertThat(catalog.languages()).allSatisfy(row -> assertThat(row.probing()).isTrue());
        release.countDown();
        catalog.refresh().done().get(30, TimeUnit.SECONDS);

        assertThat(row(catalog.languages(), "c").available()).isTrue();
    }

    @Test
    void probesTheRealToolchainsOfThisMachine() throws Exception {
        catalog = new LanguageCatalog(new Compilers(List.of(new HtmlPassThrough())));

        catalog.refresh().done().get(30, TimeUnit.SECONDS);

        assertThat(row(catalog.languages(), "html").available()).isTrue();
        assertThat(row(catalog.languages(), "c").available()).isFalse();
        assertThat(row(catalog.languages(), "c").checkedAt()).isNotNull();
    }

    private LanguageCatalog catalog(FunctionCompiler c) {
        return new LanguageCatalog(new Compilers(List.of(c, new HtmlPassThrough())),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void awaitProbes(int count) throws InterruptedException {
        while (probes.get() < count) {
            Thread.sleep(10);
        }
    }

    private static LanguageStatus row(List<LanguageStatus> rows, String lang) {
        return rows.stream().filter(r -> r.lang().equals(lang)).findFirst().orElseThrow();
    }

    /** A C toolchain whose probe takes as long as the test says. */
    private final class BlockingC implements FunctionCompiler {

        @Override
        public Set<Language> languages() {
            return Set.of(Language.C);
        }

        @Override
        public String compile(Language language, Path source, CompileOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LanguageSupport support(Language language) {
            probes.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return new LanguageSupport("c", true, "test clang", "clang 99", null);
        }
    }
}
