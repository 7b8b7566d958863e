package dev.wasmfaas.common.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher of the calls' deadlines, on its own real thread. */
class CallDeadlinesTests {

    private final CallDeadlines deadlines = new CallDeadlines("test-deadlines");

    @AfterEach
    void stop() {
        deadlines.close();
    }

    @Test
    void aDeadlineThatPassesRunsItsExpiryOnceAndNotBefore() throws Exception {
        CountDownLatch expired = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicLong at = new AtomicLong();
        long started = System.nanoTime();

        deadlines.start(Duration.ofMillis(100), () -> {
            at.set(System.nanoTime());
            runs.incrementAndGet();
            expired.countDown();
        });

        assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(at.get() - started).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        Thread.sleep(100);
        assertThat(runs.get()).isEqualTo(1);
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void anEndedDeadlineNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);

        deadlines.start(Duration.ofMillis(30), runs::incrementAndGet).end();
        deadlines.start(Duration.ofMillis(60), later::countDown);

        assertThat(later.await(10, TimeUnit.SECONDS)).as("a later deadline has passed").isTrue();
        assertThat(runs.get()).isZero();
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void withNoCallInFlightTheThreadSleepsAndTheNextCallWakesIt() throws Exception {
        deadlines.start(Duration.ofMillis(30), () -> { }).end();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!deadlines.asleep() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(deadlines.asleep()).as("asleep once the ended call's deadline has passed").isTrue();
        CountDownLatch expired = new CountDownLatch(1);

        deadlines.start(Duration.ofMillis(20), expired::countDown);

        assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDeadlineBeforeTheOneTheThreadSleepsToWakesIt() throws Exception {
        CountDownLatch late = new CountDownLatch(1);
        CountDownLatch early = new CountDownLatch(1);
        deadlines.start(Duration.ofSeconds(60), late::countDown);
        Thread.sleep(100);

        deadlines.start(Duration.ofMillis(50), early::countDown);

        // Without the wake-up it would run after the first one, a minute from now.
        assertThat(early.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(late.getCount()).isEqualTo(1);
    }

    @Test
    void anExpiryThatFailsStopsNoOther() throws Exception {
        CountDownLatch second = new CountDownLatch(1);

        deadlines.start(Duration.ofMillis(20), () -> {
            throw new IllegalStateException("broken");
        });
        deadlines.start(Duration.ofMillis(80), second::countDown);

        assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
