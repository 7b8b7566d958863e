package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * WASI {@code poll_oneoff} for one invocation, so that a sleeping function is still bound by its
 * time limit: Wasmtime's own would block the worker's thread for as long as the function asks,
 * out of reach of the epoch deadline. Clock subscriptions sleep in Java up to the deadline; stdin,
 * stdout and stderr live in memory and are always ready.
 */
final class GuestPoll {

    static final int ERRNO_INVAL = 28;
    /**
     * More than any program polls at once (wasi-libc's {@code poll} asks two per descriptor, and a function
     * has three): the host's time and heap would otherwise grow with a count the guest picks.
     */
    static final int MAX_SUBSCRIPTIONS = 4096;
    private static final int SUBSCRIPTION_SIZE = 48;
    private static final int EVENT_SIZE = 32;
    private static final byte TAG_CLOCK = 0;
    private static final byte TAG_FD_READ = 1;
    private static final int CLOCK_REALTIME = 0;
    private static final int FLAG_ABSTIME = 1;
    private static final short FLAG_HANGUP = 1;

    private final long deadlineNanos;
    private final IntSupplier unreadInput;
    private boolean deadlineReached;

    /** @param deadlineNanos the {@link System#nanoTime()} at which the invocation's time is up */
    GuestPoll(long deadlineNanos, IntSupplier unreadInput) {
        this.deadlineNanos = deadlineNanos;
        this.unreadInput = unreadInput;
    }

    /** {@code poll_oneoff(in, out, nsubscriptions, nevents_ptr)}; throws {@link DeadlineReached} when sleeping past the limit. */
    int poll(ByteBuffer memory, int in, int out, int count, int neventsPtr) {
        if (count <= 0) {
            return ERRNO_INVAL;
        }
        if ((long) in + (long) count * SUBSCRIPTION_SIZE > memory.capacity()) {
            return GuestStdio.ERRNO_FAULT;
        }
        if (count > MAX_SUBSCRIPTIONS) {
            return ERRNO_INVAL;
        }
        try {
            // Each subscription's wait in nanoseconds; -1 for a descriptor, which is always ready.
            long[] waits = new long[count];
            long threshold = Long.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                int sub = in + i * SUBSCRIPTION_SIZE;
                waits[i] = memory.get(sub + 8) == TAG_CLOCK ? clockWait(memory, sub) : -1;
                threshold = Math.min(threshold, Math.max(0, waits[i]));
            }
            if (threshold > 0) {
                sleep(threshold);
            }
            int events = 0;
            for (int i = 0; i < count; i++) {
                if (waits[i] <= threshold) {
                    event(memory, out + events * EVENT_SIZE, in + i * SUBSCRIPTION_SIZE);
                    events++;
                }
            }
            memory.putInt(neventsPtr, events);
            return GuestStdio.ERRNO_SUCCESS;
        } catch (IndexOutOfBoundsException ex) {
            return GuestStdio.ERRNO_FAULT;
        }
    }

    boolean deadlineReached() {
        return deadlineReached;
    }

    // Nanoseconds until a clock subscription fires. An absolute monotonic time has a base only the
    // WASI context knows; it fires at once, which a sleeping loop survives by polling again.
    private static long clockWait(ByteBuffer memory, int sub) {
        int clockId = memory.getInt(sub + 16);
        long timeout = memory.getLong(sub + 24);
        if ((memory.getShort(sub + 40) & FLAG_ABSTIME) == 0) {
            return timeout < 0 ? Long.MAX_VALUE : timeout; // an unsigned timeout past 2^63 ns is forever
        }
        if (clockId == CLOCK_REALTIME) {
            Instant now = Instant.now();
            return Math.max(0, timeout - (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        }
        return 0;
    }

    private void event(ByteBuffer memory, int event, int sub) {
        byte tag = memory.get(sub + 8);
        int fd = memory.getInt(sub + 16);
        memory.putLong(event, memory.getLong(sub));
        memory.putLong(event + 16, 0);
        memory.putLong(event + 24, 0);
        memory.put(event + 10, tag);
        short error = 0;
        if (tag == TAG_FD_READ && fd == GuestStdio.STDIN) {
            int unread = unreadInput.getAsInt();
            memory.putLong(event + 16, unread);
            memory.putShort(event + 24, unread == 0 ? FLAG_HANGUP : 0);
        } else if (tag != TAG_CLOCK && fd != GuestStdio.STDOUT && fd != GuestStdio.STDERR) {
            error = GuestStdio.ERRNO_BADF;
        }
        memory.putShort(event + 8, error);
    }

    private void sleep(long nanos) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(nanos, Math.max(0, remaining)));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            deadlineReached = true;
            throw new DeadlineReached();
        }
        if (nanos > remaining) {
            deadlineReached = true;
            throw new DeadlineReached();
        }
    }

    /** Thrown from the host function, so Wasmtime turns it into a trap that ends the function. */
    static final class DeadlineReached extends RuntimeException {

        DeadlineReached() {
            super("time limit reached while sleeping", null, false, false);
        }
    }
}
