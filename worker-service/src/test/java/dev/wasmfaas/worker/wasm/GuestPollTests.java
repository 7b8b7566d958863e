package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GuestPollTests {

    // Subscriptions (48 bytes each) at 0, events (32 bytes each) at 512, the event count at 1000.
    private final ByteBuffer memory = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void pollingMoreSubscriptionsThanAnyProgramNeedsIsInvalid() {
        // The host's work is otherwise proportional to a count the guest picks: 22 million subscriptions
        // fit in 1 GiB of linear memory, and each took 8 bytes of the worker's heap.
        ByteBuffer large = ByteBuffer.allocate(48 * (GuestPoll.MAX_SUBSCRIPTIONS + 1) + 64)
                .order(ByteOrder.LITTLE_ENDIAN);
        GuestPoll poll = new GuestPoll(System.nanoTime() + TimeUnit.SECONDS.toNanos(5), () -> 0);

        assertThat(poll.poll(large, 0, 0, GuestPoll.MAX_SUBSCRIPTIONS + 1, 8)).isEqualTo(GuestPoll.ERRNO_INVAL);
        assertThat(poll.poll(large, 0, 0, GuestPoll.MAX_SUBSCRIPTIONS, 8)).isEqualTo(GuestStdio.ERRNO_SUCCESS);
        assertThat(large.getInt(8)).isEqualTo(GuestPoll.MAX_SUBSCRIPTIONS);
    }

    @Test
    void relativeClockSleepsAndFires() {
        GuestPoll poll = new GuestPoll(System.nanoTime() + TimeUnit.SECONDS.toNanos(5), () -> 0);
        clock(0, 77, TimeUnit.MILLISECONDS.toNanos(30));

        long started = System.nanoTime();
        assertThat(poll.poll(memory, 0, 512, 1, 1000)).isEqualTo(GuestStdio.ERRNO_SUCCESS);

        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(memory.getInt(1000)).isEqualTo(1);
        assertThat(memory.getLong(512)).isEqualTo(77);
        assertThat(memory.getShort(512 + 8)).isZero();
        assertThat(memory.get(512 + 10)).isZero();
    }

    @Test
    void readyDescriptorAnswersAtOnceWithoutTheClock() {
        GuestPoll poll = new GuestPoll(System.nanoTime() + TimeUnit.SECONDS.toNanos(5), () -> 12);
        clock(0, 1, TimeUnit.SECONDS.toNanos(60));
        fdRead(1, 2, GuestStdio.STDIN);

        long started = System.nanoTime();
        assertThat(poll.poll(memory, 0, 512, 2, 1000)).isEqualTo(GuestStdio.ERRNO_SUCCESS);

        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(memory.getInt(1000)).isEqualTo(1);
        assertThat(memory.getLong(512)).isEqualTo(2);
        assertThat(memory.get(512 + 10)).isEqualTo((byte) 1);
        assertThat(memory.getLong(512 + 16)).isEqualTo(12);
    }

    @Test
    void sleepingPastTheDeadlineStopsAtTheDeadline() {
        long started = System.nanoTime();
        GuestPoll poll = new GuestPoll(started + TimeUnit.MILLISECONDS.toNanos(100), () -> 0);
        clock(0, 1, TimeUnit.SECONDS.toNanos(60));

        assertThatExceptionOfType(GuestPoll.DeadlineReached.class).isThrownBy(() -> poll.poll(memory, 0, 512, 1, 1000));

        assertThat(System.nanoTime() - started).isBetween(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(2));
        assertThat(poll.deadlineReached()).isTrue();
    }

    @Test
    void noSubscriptionsOrWildPointersAreErrors() {
        GuestPoll poll = new GuestPoll(System.nanoTime() + TimeUnit.SECONDS.toNanos(5), () -> 0);

        assertThat(poll.poll(memory, 0, 512, 0, 1000)).isEqualTo(GuestPoll.ERRNO_INVAL);
        assertThat(poll.poll(memory, 0, 512, Integer.MAX_VALUE, 1000)).isEqualTo(GuestStdio.ERRNO_FAULT);
        assertThat(poll.poll(memory, 0, 5000, 1, 1000)).isEqualTo(GuestStdio.ERRNO_FAULT);
    }

    private void clock(int index, long userdata, long relativeNanos) {
        int sub = index * 48;
        memory.putLong(sub, userdata);
        memory.put(sub + 8, (byte) 0);
        memory.putInt(sub + 16, 1);
        memory.putLong(sub + 24, relativeNanos);
        memory.putShort(sub + 40, (short) 0);
    }

    private void fdRead(int index, long userdata, int fd) {
        int sub = index * 48;
        memory.putLong(sub, userdata);
        memory.put(sub + 8, (byte) 1);
        memory.putInt(sub + 16, fd);
    }
}
