package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * WASI {@code poll_oneoff} for one invocation, so that a sleeping function is still bound by its
 * time limit: Wasmtime's own would block the worker's thread for as long as the function asks,
 * out of reach of the epoch deadline. Clock subscriptions sleep in Java up to the deadline; stdin,
 * stdout and stderr live in memory and are always ready. Subscriptions are checked as Wasmtime's
 * {@code wasmtime-wasi} checks them: one on a descriptor that cannot be read (or written) fails the
 * whole call with {@code EBADF}.
 */
final class GuestPoll {

    /**
     * More than any program polls at once (wasi-libc's {@code poll} asks two per descriptor, and a function
     * has three): the host's time and heap would otherwise grow with a count the guest picks.
     */
    static final int MAX_SUBSCRIPTIONS = 4096;
    private static final int SUBSCRIPTION_SIZE = 48;
    private static final int EVENT_SIZE = 32;
    private static final int TAG_CLOCK = 0;
    private static final int TAG_FD_READ = 1;
    private static final int TAG_FD_WRITE = 2;
    private static final int CLOCK_REALTIME = 0;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int FLAG_ABSTIME = 1;
    private static final short FLAG_HANGUP = 1;

    private final long deadlineNanos;
    private boolean deadlineReached;

    /** @param deadlineNanos the {@link System#nanoTime()} at which the invocation's time is up */
    GuestPoll(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** The descriptors a subscription may name. */
    interface Streams {

        /** The stream ({@link GuestStdio#STDIN}, {@code STDOUT}, {@code STDERR}) open as {@code fd}, or -1. */
        int streamOf(int fd);

        int unreadInput();
    }

    /**
     * {@code poll_oneoff(in, out, nsubscriptions, nevents_ptr)}; throws {@link DeadlineReached} when
     * sleeping past the limit.
     */
    int poll(ByteBuffer memory, Streams streams, int in, int out, int count, int neventsPtr) {
        long subscriptions = Integer.toUnsignedLong(count);
        if (count == 0) {
            return Errno.INVAL;
        }
        if (!GuestMemory.fits(memory, in, subscriptions * SUBSCRIPTION_SIZE)
                || !GuestMemory.fits(memory, out, subscriptions * EVENT_SIZE)
                || !GuestMemory.fits(memory, neventsPtr, 4)) {
            return Errno.FAULT;
        }
        if (subscriptions > MAX_SUBSCRIPTIONS) {
            return Errno.INVAL;
        }
        // Each clock's wait in nanoseconds; a descriptor, always ready, is its tag inverted (negative).
        long[] waits = new long[count];
        long threshold = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            int sub = in + i * SUBSCRIPTION_SIZE;
            int tag = memory.get(sub + 8) & 0xff;
            int errno = switch (tag) {
                case TAG_CLOCK -> checkClock(memory, sub);
                case TAG_FD_READ -> streams.streamOf(memory.getInt(sub + 16)) == GuestStdio.STDIN
                        ? Errno.SUCCESS : Errno.BADF;
                case TAG_FD_WRITE -> streams.streamOf(memory.getInt(sub + 16)) >= GuestStdio.STDOUT
                        ? Errno.SUCCESS : Errno.BADF;
                default -> Errno.INVAL;
            };
            if (errno != Errno.SUCCESS) {
                return errno;
            }
            waits[i] = tag == TAG_CLOCK ? clockWait(memory, sub) : ~tag;
            threshold = Math.min(threshold, Math.max(0, waits[i]));
        }
        if (threshold > 0) {
            sleep(threshold);
        }
        int events = 0;
        for (int i = 0; i < count; i++) {
            if (waits[i] <= threshold) {
                int tag = waits[i] < 0 ? ~(int) waits[i] : TAG_CLOCK;
                event(memory, out + events * EVENT_SIZE, memory.getLong(in + i * SUBSCRIPTION_SIZE), tag, streams);
                events++;
            }
        }
        memory.putInt(neventsPtr, events);
        return Errno.SUCCESS;
    }

    boolean deadlineReached() {
        return deadlineReached;
    }

    // Wasmtime accepts the realtime and monotonic clocks, and no flag but ABSTIME.
    private static int checkClock(ByteBuffer memory, int sub) {
        int clockId = memory.getInt(sub + 16);
        int flags = memory.getShort(sub + 40) & 0xffff;
        return (clockId == CLOCK_REALTIME || clockId == CLOCK_MONOTONIC) && (flags & ~FLAG_ABSTIME) == 0
                ? Errno.SUCCESS : Errno.INVAL;
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

    // stdin reports what is left of it, and a hangup at its end; an output stream, like Wasmtime's, 1 byte.
    private static void event(ByteBuffer memory, int event, long userdata, int tag, Streams streams) {
        long nbytes = 0;
        short flags = 0;
        if (tag == TAG_FD_READ) {
            nbytes = streams.unreadInput();
            flags = nbytes == 0 ? FLAG_HANGUP : 0;
        } else if (tag == TAG_FD_WRITE) {
            nbytes = 1;
        }
        memory.putLong(event, userdata);
        memory.putShort(event + 8, (short) Errno.SUCCESS);
        memory.put(event + 10, (byte) tag);
        memory.putLong(event + 16, nbytes);
        memory.putLong(event + 24, 0);
        memory.putShort(event + 24, flags);
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
