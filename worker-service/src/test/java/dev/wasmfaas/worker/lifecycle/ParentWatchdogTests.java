package dev.wasmfaas.worker.lifecycle;

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
}
