package dev.wasmfaas.worker.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams of one invocation, served from memory: WASI {@code fd_read} on stdin and
 * {@code fd_write} on stdout and stderr, working on the guest's linear memory. Output past the cap
 * is cut off and stops the function.
 */
final class GuestStdio {

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERRNO_SUCCESS = 0;
    static final int ERRNO_BADF = 8;
    static final int ERRNO_FAULT = 21;
    private static final int IOVEC_SIZE = 8;

    private final byte[] input;
    private final int maxOutputBytes;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private int inputPosition;
    private boolean outputLimitReached;

    GuestStdio(byte[] input, int maxOutputBytes) {
        this.input = input;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** {@code fd_read(fd, iovs, iovs_len, nread_ptr)}; 0 bytes read means end of input. */
    int read(ByteBuffer memory, int fd, int iovs, int iovsLen, int nreadPtr) {
        if (fd != STDIN) {
            return ERRNO_BADF;
        }
        try {
            int total = 0;
            for (int i = 0; i < iovsLen && inputPosition < input.length; i++) {
                int ptr = memory.getInt(iovs + i * IOVEC_SIZE);
                int len = memory.getInt(iovs + i * IOVEC_SIZE + 4);
                int count = Math.min(len, input.length - inputPosition);
                memory.put(ptr, input, inputPosition, count);
                inputPosition += count;
                total += count;
            }
            memory.putInt(nreadPtr, total);
            return ERRNO_SUCCESS;
        } catch (IndexOutOfBoundsException ex) {
            return ERRNO_FAULT;
        }
    }

    /** {@code fd_write(fd, iovs, iovs_len, nwritten_ptr)}; throws {@link OutputLimitExceeded} past the cap. */
    int write(ByteBuffer memory, int fd, int iovs, int iovsLen, int nwrittenPtr) {
        ByteArrayOutputStream target = switch (fd) {
            case STDOUT -> stdout;
            case STDERR -> stderr;
            default -> null;
        };
        if (target == null) {
            return ERRNO_BADF;
        }
        try {
            int total = 0;
            for (int i = 0; i < iovsLen; i++) {
                int ptr = memory.getInt(iovs + i * IOVEC_SIZE);
                int len = memory.getInt(iovs + i * IOVEC_SIZE + 4);
                int room = maxOutputBytes - stdout.size() - stderr.size();
                byte[] chunk = new byte[Math.min(len, room)];
                memory.get(ptr, chunk);
                target.write(chunk, 0, chunk.length);
                total += chunk.length;
                if (len > room) {
                    outputLimitReached = true;
                    throw new OutputLimitExceeded();
                }
            }
            memory.putInt(nwrittenPtr, total);
            return ERRNO_SUCCESS;
        } catch (IndexOutOfBoundsException | NegativeArraySizeException ex) {
            return ERRNO_FAULT;
        }
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
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** Thrown from the host function, so Wasmtime turns it into a trap that ends the function. */
    static final class OutputLimitExceeded extends RuntimeException {

        OutputLimitExceeded() {
            super("output limit reached", null, false, false);
        }
    }
}
