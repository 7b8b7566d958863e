package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;

import io.github.kawamuray.wasmtime.Val;

import static dev.wasmfaas.worker.wasm.GuestStdio.STDIN;
import static dev.wasmfaas.worker.wasm.GuestStdio.STDOUT;

/**
 * The descriptor table of one invocation: stdin, stdout and stderr served from memory, and nothing
 * else, since a function has no files, directories or sockets. Every {@link DescriptorCall} answers
 * as Wasmtime's own WASI ({@code wasmtime-wasi}) answers for stdio that is a pipe, with one
 * difference: a pointer outside the guest's memory is {@code EFAULT}, not a trap. The worker's README
 * has the table.
 */
final class StdioDescriptors implements GuestPoll.Streams {

    private static final int NONE = -1;
    private static final long RIGHT_FD_READ = 1L << 1;
    private static final long RIGHT_FD_WRITE = 1L << 6;
    private static final long RIGHTS_ALL = (1L << 30) - 1;
    private static final int FDFLAGS_ALL = 0x1f;
    private static final int FSTFLAGS_ALL = 0xf;
    private static final int FSTFLAGS_ATIM_BOTH = 0x3;
    private static final int FSTFLAGS_MTIM_BOTH = 0xc;
    private static final int RIFLAGS_ALL = 0x3;
    private static final int SDFLAGS_ALL = 0x3;
    private static final int ADVICE_LAST = 5;
    private static final int WHENCE_LAST = 2;

    private final GuestStdio stdio;
    private final GuestPoll poll;
    // The number each stream (STDIN, STDOUT, STDERR) is open as, while it is open.
    private final int[] numbers = {0, 1, 2};
    private final boolean[] open = {true, true, true};

    StdioDescriptors(GuestStdio stdio, GuestPoll poll) {
        this.stdio = stdio;
        this.poll = poll;
    }

    /**
     * Answers {@code call} with the guest's {@code params} (as its {@link DescriptorCall#type()} says)
     * and returns the errno; results go into {@code memory}, which may be null when the call does not
     * {@link DescriptorCall#usesMemory() use memory}. Flags and enums are checked before the descriptor,
     * as Wasmtime decodes them first.
     */
    int call(DescriptorCall call, ByteBuffer memory, Val[] params) {
        // For poll_oneoff the first parameter is a pointer, and this stream goes unused.
        int stream = streamOf(params[0].i32());
        return switch (call) {
            case FD_READ -> stream == STDIN ? stdio.read(memory, i32(params, 1), i32(params, 2), i32(params, 3))
                    : Errno.BADF;
            case FD_WRITE -> stream >= STDOUT
                    ? stdio.write(memory, stream, i32(params, 1), i32(params, 2), i32(params, 3)) : Errno.BADF;
            case POLL_ONEOFF -> poll.poll(memory, this, i32(params, 0), i32(params, 1), i32(params, 2),
                    i32(params, 3));
            case FD_FDSTAT_GET -> stream == NONE ? Errno.BADF : fdstat(memory, stream, i32(params, 1));
            case FD_FILESTAT_GET -> stream == NONE ? Errno.BADF : filestat(memory, i32(params, 1));
            case FD_CLOSE -> close(stream);
            case FD_RENUMBER -> renumber(stream, i32(params, 0), i32(params, 1));
            case FD_SEEK -> (i32(params, 2) & 0xff) > WHENCE_LAST ? Errno.INVAL : unseekable(stream);
            case FD_TELL -> unseekable(stream);
            case FD_PREAD -> stream == STDIN ? Errno.SPIPE : Errno.BADF;
            case FD_PWRITE -> stream >= STDOUT ? Errno.SPIPE : Errno.BADF;
            case FD_PRESTAT_DIR_NAME -> stream == NONE ? Errno.BADF : Errno.NOTDIR;
            case FD_ADVISE -> (i32(params, 3) & 0xff) > ADVICE_LAST ? Errno.INVAL : Errno.BADF;
            case FD_FDSTAT_SET_FLAGS -> (i32(params, 1) & 0xffff & ~FDFLAGS_ALL) != 0 ? Errno.INVAL : Errno.BADF;
            case FD_FDSTAT_SET_RIGHTS -> ((params[1].i64() | params[2].i64()) & ~RIGHTS_ALL) != 0
                    ? Errno.INVAL : Errno.BADF;
            case FD_FILESTAT_SET_TIMES -> validTimeFlags(i32(params, 3) & 0xffff) ? Errno.BADF : Errno.INVAL;
            // Wasmtime serves these on files or directories only, and stdio is neither.
            case FD_ALLOCATE, FD_DATASYNC, FD_FILESTAT_SET_SIZE, FD_PRESTAT_GET, FD_READDIR, FD_SYNC -> Errno.BADF;
            case SOCK_ACCEPT -> (i32(params, 1) & 0xffff & ~FDFLAGS_ALL) != 0 ? Errno.INVAL : notSocket(stream);
            case SOCK_RECV -> (i32(params, 3) & 0xffff & ~RIFLAGS_ALL) != 0 ? Errno.INVAL : notSocket(stream);
            case SOCK_SEND -> notSocket(stream);
            case SOCK_SHUTDOWN -> (i32(params, 1) & 0xff & ~SDFLAGS_ALL) != 0 ? Errno.INVAL : notSocket(stream);
        };
    }

    @Override
    public int streamOf(int fd) {
        for (int stream = STDIN; stream < numbers.length; stream++) {
            if (open[stream] && numbers[stream] == fd) {
                return stream;
            }
        }
        return NONE;
    }

    @Override
    public int unreadInput() {
        return stdio.unreadInput();
    }

    // A pipe's fdstat: no file type (preview 1 has none for a FIFO), no flags, the one right of its direction.
    private static int fdstat(ByteBuffer memory, int stream, int fdstatPtr) {
        if (!GuestMemory.fits(memory, fdstatPtr, 24)) {
            return Errno.FAULT;
        }
        long rights = stream == STDIN ? RIGHT_FD_READ : RIGHT_FD_WRITE;
        memory.put(fdstatPtr, (byte) 0);
        memory.putShort(fdstatPtr + 2, (short) 0);
        memory.putLong(fdstatPtr + 8, rights);
        memory.putLong(fdstatPtr + 16, rights);
        return Errno.SUCCESS;
    }

    // Every field of a stdio filestat is 0 in Wasmtime: device, inode, type (unknown), links, size, times.
    private static int filestat(ByteBuffer memory, int filestatPtr) {
        if (!GuestMemory.fits(memory, filestatPtr, 64)) {
            return Errno.FAULT;
        }
        for (int field = 0; field < 64; field += 8) {
            memory.putLong(filestatPtr + field, 0);
        }
        return Errno.SUCCESS;
    }

    private int close(int stream) {
        if (stream == NONE) {
            return Errno.BADF;
        }
        open[stream] = false;
        return Errno.SUCCESS;
    }

    // As in Wasmtime, the target need not be open: a stream may move to any number, closing what was there.
    private int renumber(int stream, int from, int to) {
        if (stream == NONE) {
            return Errno.BADF;
        }
        if (from != to) {
            int replaced = streamOf(to);
            if (replaced != NONE) {
                open[replaced] = false;
            }
            numbers[stream] = to;
        }
        return Errno.SUCCESS;
    }

    private static int unseekable(int stream) {
        return stream == NONE ? Errno.BADF : Errno.SPIPE;
    }

    private static int notSocket(int stream) {
        return stream == NONE ? Errno.BADF : Errno.NOTSOCK;
    }

    // Setting a time and setting it to now at once is invalid, whatever the descriptor.
    private static boolean validTimeFlags(int flags) {
        return (flags & ~FSTFLAGS_ALL) == 0 && (flags & FSTFLAGS_ATIM_BOTH) != FSTFLAGS_ATIM_BOTH
                && (flags & FSTFLAGS_MTIM_BOTH) != FSTFLAGS_MTIM_BOTH;
    }

    private static int i32(Val[] params, int index) {
        return params[index].i32();
    }
}
