package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The standard streams of one invocation, served from memory: reading stdin and writing stdout and
 * stderr on the guest's linear memory, whichever descriptor they are open as (see
 * {@link StdioDescriptors}). Output past the cap is cut off and stops the function.
 */
final class GuestStdio {

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    private static final int IOVEC_SIZE = 8;

    private final byte[] input;
    private final int maxOutputBytes;
    private final Output stdout = new Output();
    private final Output stderr = new Output();
    private int inputPosition;
    private boolean outputLimitReached;

    GuestStdio(byte[] input, int maxOutputBytes) {
        this.input = input;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** {@code fd_read} on stdin: {@code (iovs, iovs_len, nread_ptr)}; 0 bytes read means end of input. */
    int read(ByteBuffer memory, int iovs, int iovsLen, int nreadPtr) {
        if (!GuestMemory.fits(memory, nreadPtr, 4) || !buffersFit(memory, iovs, iovsLen)) {
            return Errno.FAULT;
        }
        int total = 0;
        for (int i = 0; i < iovsLen && inputPosition < input.length; i++) {
            int ptr = memory.getInt(iovs + i * IOVEC_SIZE);
            int count = (int) Math.min(Integer.toUnsignedLong(memory.getInt(iovs + i * IOVEC_SIZE + 4)),
                    input.length - inputPosition);
            if (count > 0) {
                memory.put(ptr, input, inputPosition, count);
                inputPosition += count;
                total += count;
            }
        }
        memory.putInt(nreadPtr, total);
        return Errno.SUCCESS;
    }

    /**
     * {@code fd_write} on {@link #STDOUT} or {@link #STDERR}: {@code (iovs, iovs_len, nwritten_ptr)};
     * throws {@link OutputLimitExceeded} past the cap.
     */
    int write(ByteBuffer memory, int stream, int iovs, int iovsLen, int nwrittenPtr) {
        if (!GuestMemory.fits(memory, nwrittenPtr, 4) || !buffersFit(memory, iovs, iovsLen)) {
            return Errno.FAULT;
        }
        Output target = stream == STDERR ? stderr : stdout;
        int total = 0;
        for (int i = 0; i < iovsLen; i++) {
            int ptr = memory.getInt(iovs + i * IOVEC_SIZE);
            long length = Integer.toUnsignedLong(memory.getInt(iovs + i * IOVEC_SIZE + 4));
            int count = (int) Math.min(length, maxOutputBytes - stdout.size - stderr.size);
            target.append(memory, ptr, count);
            total += count;
            if (count < length) {
                outputLimitReached = true;
                throw new OutputLimitExceeded();
            }
        }
        memory.putInt(nwrittenPtr, total);
        return Errno.SUCCESS;
    }

    // Checked before anything is read or written, so that a fault leaves the streams as they were.
    private static boolean buffersFit(ByteBuffer memory, int iovs, int iovsLen) {
        if (!GuestMemory.fits(memory, iovs, Integer.toUnsignedLong(iovsLen) * IOVEC_SIZE)) {
            return false;
        }
        for (int i = 0; i < iovsLen; i++) {
            long length = Integer.toUnsignedLong(memory.getInt(iovs + i * IOVEC_SIZE + 4));
            if (length > 0 && !GuestMemory.fits(memory, memory.getInt(iovs + i * IOVEC_SIZE), length)) {
                return false;
            }
        }
        return true;
    }

    int unreadInput() {
        return input.length - inputPosition;
    }

    boolean outputLimitReached() {
        return outputLimitReached;
    }

    int maxOutputBytes() {
        return maxOutputBytes;
    }

    String stdout() {
        return stdout.text();
    }

    String stderr() {
        return stderr.text();
    }

    /** A growing byte array the guest's memory is copied into directly, without a chunk in between. */
    private static final class Output {

        private byte[] bytes = new byte[0];
        private int size;

        void append(ByteBuffer memory, int ptr, int count) {
            if (count == 0) {
                return; // an empty buffer may point anywhere
            }
            if (count > bytes.length - size) {
                long wanted = Math.max(Math.max(256L, 2L * bytes.length), (long) size + count);
                bytes = Arrays.copyOf(bytes, (int) Math.min(wanted, Integer.MAX_VALUE - 8));
            }
            memory.get(ptr, bytes, size, count);
            size += count;
        }

        String text() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }
    }

    /** Thrown from the host function, so Wasmtime turns it into a trap that ends the function. */
    static final class OutputLimitExceeded extends RuntimeException {

        OutputLimitExceeded() {
            super("output limit reached", null, false, false);
        }
    }
}
