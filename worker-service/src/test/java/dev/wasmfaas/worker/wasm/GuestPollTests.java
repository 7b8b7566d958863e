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
        GuestPoll poll = poll(5_000);

        assertThat(poll.poll(large, streams(0), 0, 0, GuestPoll.MAX_SUBSCRIPTIONS + 1, 8)).isEqualTo(Errno.INVAL);
        assertThat(poll.poll(large, streams(0), 0, 0, GuestPoll.MAX_SUBSCRIPTIONS, 8)).isEqualTo(Errno.SUCCESS);
        assertThat(large.getInt(8)).isEqualTo(GuestPoll.MAX_SUBSCRIPTIONS);
    }

    @Test
    void relativeClockSleepsAndFires() {
        GuestPoll poll = poll(5_000);
        clock(0, 77, 1, TimeUnit.MILLISECONDS.toNanos(30), 0);

        long started = System.nanoTime();
        assertThat(poll.poll(memory, streams(0), 0, 512, 1, 1000)).isEqualTo(Errno.SUCCESS);

        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
        assertThat(memory.getInt(1000)).isEqualTo(1);
        assertThat(memory.getLong(512)).isEqualTo(77);
        assertThat(memory.getShort(512 + 8)).isZero();
        assertThat(memory.get(512 + 10)).isZero();
    }

    @Test
    void readyDescriptorsAnswerAtOnceWithoutTheClock() {
        GuestPoll poll = poll(5_000);
        clock(0, 1, 1, TimeUnit.SECONDS.toNanos(60), 0);
        fd(1, 2, 1, GuestStdio.STDIN);
        fd(2, 3, 2, GuestStdio.STDERR);

        long started = System.nanoTime();
        assertThat(poll.poll(memory, streams(12), 0, 512, 3, 1000)).isEqualTo(Errno.SUCCESS);

        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(memory.getInt(1000)).isEqualTo(2);
        assertThat(memory.getLong(512)).isEqualTo(2);
        assertThat(memory.get(512 + 10)).isEqualTo((byte) 1);
        assertThat(memory.getLong(512 + 16)).isEqualTo(12);
        assertThat(memory.getShort(512 + 24)).isZero();
        assertThat(memory.getLong(544)).isEqualTo(3);
        assertThat(memory.get(544 + 10)).isEqualTo((byte) 2);
        assertThat(memory.getLong(544 + 16)).isEqualTo(1);
    }

    @Test
    void stdinAtItsEndIsAHangup() {
        fd(0, 9, 1, GuestStdio.STDIN);

        assertThat(poll(5_000).poll(memory, streams(0), 0, 512, 1, 1000)).isEqualTo(Errno.SUCCESS);

        assertThat(memory.getLong(512 + 16)).isZero();
        assertThat(memory.getShort(512 + 24)).isEqualTo((short) 1);
    }

    @Test
    void aDescriptorThatCannotBePolledThatWayFailsTheWholeCall() {
        GuestPoll poll = poll(5_000);
        clock(0, 1, 1, 0, 0);
        memory.putInt(1000, 42);

        fd(1, 2, 1, GuestStdio.STDOUT);
        assertThat(poll.poll(memory, streams(5), 0, 512, 2, 1000)).isEqualTo(Errno.BADF);
        fd(1, 2, 2, GuestStdio.STDIN);
        assertThat(poll.poll(memory, streams(5), 0, 512, 2, 1000)).isEqualTo(Errno.BADF);
        fd(1, 2, 1, 3);
        assertThat(poll.poll(memory, streams(5), 0, 512, 2, 1000)).isEqualTo(Errno.BADF);
        assertThat(memory.getInt(1000)).isEqualTo(42);
    }

    @Test
    void unknownTagsClocksAndFlagsAreInvalid() {
        GuestPoll poll = poll(5_000);

        clock(0, 1, 1, 0, 0);
        memory.put(8, (byte) 3);
        assertThat(poll.poll(memory, streams(0), 0, 512, 1, 1000)).isEqualTo(Errno.INVAL);
        clock(0, 1, 2, 0, 0);
        assertThat(poll.poll(memory, streams(0), 0, 512, 1, 1000)).isEqualTo(Errno.INVAL);
        clock(0, 1, 4, 0, 0);
        assertThat(poll.poll(memory, streams(0), 0, 512, 1, 1000)).isEqualTo(Errno.INVAL);
        clock(0, 1, 1, 0, 2);
        assertThat(poll.poll(memory, streams(0), 0, 512, 1, 1000)).isEqualTo(Errno.INVAL);
        clock(0, 1, 0, 0, 1);
        assertThat(poll.poll(memory, streams(0), 0, 512, 1, 1000)).isEqualTo(Errno.SUCCESS);
    }

    @Test
    void sleepingPastTheDeadlineStopsAtTheDeadline() {
        long started = System.nanoTime();
        GuestPoll poll = poll(100);
        clock(0, 1, 1, TimeUnit.SECONDS.toNanos(60), 0);

        assertThatExceptionOfType(GuestPoll.DeadlineReached.class)
                .isThrownBy(() -> poll.poll(memory, streams(0), 0, 512, 1, 1000));

        assertThat(System.nanoTime() - started).isBetween(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(2));
        assertThat(poll.deadlineReached()).isTrue();
    }

    @Test
    void noSubscriptionsOrWildPointersAreErrors() {
        GuestPoll poll = poll(5_000);
        fd(0, 1, 1, GuestStdio.STDIN);

        assertThat(poll.poll(memory, streams(0), 0, 512, 0, 1000)).isEqualTo(Errno.INVAL);
        assertThat(poll.poll(memory, streams(0), 0, 512, Integer.MAX_VALUE, 1000)).isEqualTo(Errno.FAULT);
        assertThat(poll.poll(memory, streams(0), 0, 512, -1, 1000)).isEqualTo(Errno.FAULT);
        assertThat(poll.poll(memory, streams(0), 0, 5000, 1, 1000)).isEqualTo(Errno.FAULT);
        assertThat(poll.poll(memory, streams(0), 0, 1000, 1, 900)).isEqualTo(Errno.FAULT);
        assertThat(poll.poll(memory, streams(0), 0, 512, 1, 1022)).isEqualTo(Errno.FAULT);
        assertThat(poll.poll(memory, streams(0), -48, 512, 1, 1000)).isEqualTo(Errno.FAULT);
    }

    private static GuestPoll poll(long deadlineMs) {
        return new GuestPoll(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs));
    }

    // stdin, stdout and stderr as they start: open as 0, 1 and 2.
    private static GuestPoll.Streams streams(int unreadInput) {
        return new GuestPoll.Streams() {

            @Override
            public int streamOf(int fd) {
                return fd >= 0 && fd <= 2 ? fd : -1;
            }

            @Override
            public int unreadInput() {
                return unreadInput;
            }
        };
    }

    private void clock(int index, long userdata, int clockId, long timeout, int flags) {
        int sub = index * 48;
        memory.putLong(sub, userdata);
        memory.put(sub + 8, (byte) 0);
        memory.putInt(sub + 16, clockId);
        memory.putLong(sub + 24, timeout);
        memory.putShort(sub + 40, (short) flags);
    }

    private void fd(int index, long userdata, int tag, int fd) {
        int sub = index * 48;
        memory.putLong(sub, userdata);
        memory.put(sub + 8, (byte) tag);
        memory.putInt(sub + 16, fd);
    }
}
