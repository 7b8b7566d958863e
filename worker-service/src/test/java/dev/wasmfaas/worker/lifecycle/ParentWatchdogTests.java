package dev.wasmfaas.worker.lifecycle;

import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParentWatchdogTests {

    @Test
    void noticesWhenTheParentEnds() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        CountDownLatch gone = new CountDownLatch(1);
        try (ParentWatchdog watchdog = new ParentWatchdog(parent.pid(), Duration.ofMillis(50), gone::countDown)) {
            assertThat(gone.await(300, TimeUnit.MILLISECONDS)).as("alive parent").isFalse();

            parent.destroy();
            parent.waitFor(5, TimeUnit.SECONDS);

            assertThat(gone.await(5, TimeUnit.SECONDS)).as("parent gone").isTrue();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void parentThatIsAlreadyGoneIsNoticedAtOnce() throws Exception {
        Process parent = new ProcessBuilder("true").start();
        parent.waitFor(5, TimeUnit.SECONDS);
        CountDownLatch gone = new CountDownLatch(1);
        try (ParentWatchdog watchdog = new ParentWatchdog(parent.pid(), Duration.ofMillis(50), gone::countDown)) {
            assertThat(gone.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theEndOfThePipeFromTheParentIsNoticedAtOnceWithoutLooking() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        PipedOutputStream parentEnd = new PipedOutputStream();
        PipedInputStream fromParent = new PipedInputStream(parentEnd);
        CountDownLatch gone = new CountDownLatch(1);
        // A period longer than the test: only the pipe can tell the watchdog in time.
        try (ParentWatchdog watchdog = new ParentWatchdog(parent.pid(), Duration.ofMinutes(10), gone::countDown,
                fromParent)) {
            assertThat(gone.await(300, TimeUnit.MILLISECONDS)).as("alive parent").isFalse();

            parent.destroy();
            parent.waitFor(5, TimeUnit.SECONDS);
            parentEnd.close();

            assertThat(gone.await(5, TimeUnit.SECONDS)).as("parent gone").isTrue();
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void aPipeThatEndsWhileTheParentLivesIsNoEnd() throws Exception {
        Process parent = new ProcessBuilder("sleep", "60").start();
        CountDownLatch gone = new CountDownLatch(1);
        try (ParentWatchdog watchdog = new ParentWatchdog(parent.pid(), Duration.ofMillis(50), gone::countDown,
                InputStream.nullInputStream())) {
            assertThat(gone.await(300, TimeUnit.MILLISECONDS)).as("alive parent").isFalse();

            parent.destroy();
            parent.waitFor(5, TimeUnit.SECONDS);

            assertThat(gone.await(5, TimeUnit.SECONDS)).as("parent gone, seen by looking").isTrue();
        } finally {
            parent.destroyForcibly();
        }
    }
}
