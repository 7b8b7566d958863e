package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.Val;
import org.junit.jupiter.api.Test;

import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_ADVISE;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_ALLOCATE;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_CLOSE;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_FDSTAT_GET;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_FDSTAT_SET_FLAGS;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_FDSTAT_SET_RIGHTS;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_FILESTAT_GET;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_FILESTAT_SET_TIMES;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_PREAD;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_PRESTAT_DIR_NAME;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_PWRITE;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_READ;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_RENUMBER;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_SEEK;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_TELL;
import static dev.wasmfaas.worker.wasm.DescriptorCall.FD_WRITE;
import static dev.wasmfaas.worker.wasm.DescriptorCall.POLL_ONEOFF;
import static dev.wasmfaas.worker.wasm.DescriptorCall.SOCK_ACCEPT;
import static dev.wasmfaas.worker.wasm.DescriptorCall.SOCK_RECV;
import static dev.wasmfaas.worker.wasm.DescriptorCall.SOCK_SEND;
import static dev.wasmfaas.worker.wasm.DescriptorCall.SOCK_SHUTDOWN;
import static org.assertj.core.api.Assertions.assertThat;

class StdioDescriptorsTests {

    // Results at 0, an iovec at 64, the count it writes at 72, text from 128, subscriptions at 256, events at 512.
    private final ByteBuffer memory = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    private final GuestStdio stdio = new GuestStdio("input".getBytes(StandardCharsets.UTF_8), 1000);
    private final StdioDescriptors descriptors = new StdioDescriptors(stdio,
            new GuestPoll(System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));

    @Test
    void everyCallHasItsWitxTypeAndNothingElseIsServed() {
        assertThat(DescriptorCall.values()).hasSize(26);
        assertThat(DescriptorCall.named("fd_seek").type()).isEqualTo(new FuncType(
                new Val.Type[] {Val.Type.I32, Val.Type.I64, Val.Type.I32, Val.Type.I32}, new Val.Type[] {Val.Type.I32}));
        assertThat(DescriptorCall.named("sock_recv").type().getParams()).hasSize(6);
        assertThat(DescriptorCall.named("fd_close").usesMemory()).isFalse();
        assertThat(DescriptorCall.named("fd_fdstat_get").usesMemory()).isTrue();
        for (DescriptorCall call : DescriptorCall.values()) {
            assertThat(DescriptorCall.named(call.importName())).isSameAs(call);
            assertThat(call.type().getResults()).containsExactly(Val.Type.I32);
        }
        assertThat(DescriptorCall.named("path_open")).isNull();
        assertThat(DescriptorCall.named("proc_exit")).isNull();
        assertThat(DescriptorCall.named("FD_WRITE")).isNull();
    }

    @Test
    void fdstatOfStdioIsAPipeWithTheRightOfItsDirection() {
        assertThat(call(FD_FDSTAT_GET, 0, 8)).isEqualTo(Errno.SUCCESS);
        assertThat(memory.get(8)).isZero();
        assertThat(memory.getShort(10)).isZero();
        assertThat(memory.getLong(16)).isEqualTo(1L << 1);
        assertThat(memory.getLong(24)).isEqualTo(1L << 1);

        for (int fd = 1; fd <= 2; fd++) {
            memory.put(8, (byte) 7);
            assertThat(call(FD_FDSTAT_GET, fd, 8)).isEqualTo(Errno.SUCCESS);
            assertThat(memory.get(8)).isZero();
            assertThat(memory.getLong(16)).isEqualTo(1L << 6);
            assertThat(memory.getLong(24)).isEqualTo(1L << 6);
        }
        assertThat(call(FD_FDSTAT_GET, 3, 8)).isEqualTo(Errno.BADF);
        assertThat(call(FD_FDSTAT_GET, 1, 1010)).isEqualTo(Errno.FAULT);
        assertThat(call(FD_FDSTAT_GET, 1, -8)).isEqualTo(Errno.FAULT);
    }

    @Test
    void filestatOfStdioIsAllZeros() {
        Arrays.fill(memory.array(), 0, 64, (byte) 0x55);

        assertThat(call(FD_FILESTAT_GET, 2, 0)).isEqualTo(Errno.SUCCESS);

        for (int field = 0; field < 64; field += 8) {
            assertThat(memory.getLong(field)).as("field at %d", field).isZero();
        }
        assertThat(call(FD_FILESTAT_GET, 3, 0)).isEqualTo(Errno.BADF);
        assertThat(call(FD_FILESTAT_GET, 0, 1000)).isEqualTo(Errno.FAULT);
    }

    @Test
    void aClosedStreamIsABadDescriptorAndKeepsWhatItGot() {
        assertThat(write(1, "kept")).isEqualTo(Errno.SUCCESS);

        assertThat(descriptors.call(FD_CLOSE, null, params(1))).isEqualTo(Errno.SUCCESS);

        assertThat(write(1, "lost")).isEqualTo(Errno.BADF);
        assertThat(descriptors.call(FD_CLOSE, null, params(1))).isEqualTo(Errno.BADF);
        assertThat(call(FD_FDSTAT_GET, 1, 0)).isEqualTo(Errno.BADF);
        assertThat(descriptors.call(SOCK_SHUTDOWN, null, params(1, 2))).isEqualTo(Errno.BADF);
        assertThat(write(2, "still")).isEqualTo(Errno.SUCCESS);
        assertThat(descriptors.call(FD_CLOSE, null, params(3))).isEqualTo(Errno.BADF);
        assertThat(stdio.stdout()).isEqualTo("kept");
        assertThat(stdio.stderr()).isEqualTo("still");
    }

    @Test
    void renumberingMovesAStreamToAnyNumberAndClosesWhatWasThere() {
        assertThat(descriptors.call(FD_RENUMBER, null, params(1, 1))).isEqualTo(Errno.SUCCESS);
        assertThat(descriptors.call(FD_RENUMBER, null, params(1, 100))).isEqualTo(Errno.SUCCESS);
        assertThat(write(1, "x")).isEqualTo(Errno.BADF);
        assertThat(write(100, "to stdout")).isEqualTo(Errno.SUCCESS);

        assertThat(descriptors.call(FD_RENUMBER, null, params(2, 100))).isEqualTo(Errno.SUCCESS);
        assertThat(write(100, "to stderr")).isEqualTo(Errno.SUCCESS);
        assertThat(write(2, "x")).isEqualTo(Errno.BADF);
        assertThat(descriptors.call(FD_RENUMBER, null, params(1, 5))).isEqualTo(Errno.BADF);

        assertThat(descriptors.call(FD_RENUMBER, null, params(0, -1))).isEqualTo(Errno.SUCCESS);
        assertThat(call(FD_READ, -1, 64, 1, 72)).isEqualTo(Errno.SUCCESS);
        assertThat(call(FD_READ, 0, 64, 1, 72)).isEqualTo(Errno.BADF);
        assertThat(call(FD_FDSTAT_GET, -1, 0)).isEqualTo(Errno.SUCCESS);
        assertThat(memory.getLong(8)).isEqualTo(1L << 1);
        assertThat(stdio.stdout()).isEqualTo("to stdout");
        assertThat(stdio.stderr()).isEqualTo("to stderr");
    }

    @Test
    void pollingFollowsTheTable() {
        subscription(0, 2, 100);
        assertThat(call(POLL_ONEOFF, 256, 512, 1, 1000)).isEqualTo(Errno.BADF);

        descriptors.call(FD_RENUMBER, null, params(1, 100));

        assertThat(call(POLL_ONEOFF, 256, 512, 1, 1000)).isEqualTo(Errno.SUCCESS);
        assertThat(memory.getInt(1000)).isEqualTo(1);
        subscription(0, 2, 1);
        assertThat(call(POLL_ONEOFF, 256, 512, 1, 1000)).isEqualTo(Errno.BADF);
    }

    @Test
    void stdioCannotSeekAndIsNoSocket() {
        for (int fd = 0; fd <= 2; fd++) {
            assertThat(descriptors.call(FD_SEEK, null, new Val[] {Val.fromI32(fd), Val.fromI64(0), Val.fromI32(1),
                    Val.fromI32(0)})).isEqualTo(Errno.SPIPE);
            assertThat(descriptors.call(FD_TELL, null, params(fd, 0))).isEqualTo(Errno.SPIPE);
            assertThat(descriptors.call(SOCK_SEND, null, params(fd, 64, 1, 0, 0))).isEqualTo(Errno.NOTSOCK);
            assertThat(descriptors.call(SOCK_RECV, null, params(fd, 64, 1, 0, 0, 4))).isEqualTo(Errno.NOTSOCK);
            assertThat(descriptors.call(SOCK_ACCEPT, null, params(fd, 0, 0))).isEqualTo(Errno.NOTSOCK);
            assertThat(descriptors.call(SOCK_SHUTDOWN, null, params(fd, 3))).isEqualTo(Errno.NOTSOCK);
            assertThat(descriptors.call(FD_PRESTAT_DIR_NAME, null, params(fd, 0, 64))).isEqualTo(Errno.NOTDIR);
            assertThat(descriptors.call(FD_ALLOCATE, null, new Val[] {Val.fromI32(fd), Val.fromI64(0),
                    Val.fromI64(1)})).isEqualTo(Errno.BADF);
        }
        assertThat(descriptors.call(FD_PREAD, null, new Val[] {Val.fromI32(0), Val.fromI32(64), Val.fromI32(1),
                Val.fromI64(0), Val.fromI32(72)})).isEqualTo(Errno.SPIPE);
        assertThat(descriptors.call(FD_PWRITE, null, new Val[] {Val.fromI32(1), Val.fromI32(64), Val.fromI32(1),
                Val.fromI64(0), Val.fromI32(72)})).isEqualTo(Errno.SPIPE);
        assertThat(descriptors.call(FD_PREAD, null, new Val[] {Val.fromI32(1), Val.fromI32(64), Val.fromI32(1),
                Val.fromI64(0), Val.fromI32(72)})).isEqualTo(Errno.BADF);
        assertThat(descriptors.call(FD_TELL, null, params(3, 0))).isEqualTo(Errno.BADF);
        assertThat(descriptors.call(SOCK_SHUTDOWN, null, params(3, 1))).isEqualTo(Errno.BADF);
        assertThat(descriptors.call(FD_PRESTAT_DIR_NAME, null, params(3, 0, 64))).isEqualTo(Errno.BADF);
    }

    @Test
    void flagsAndEnumsAreCheckedBeforeTheDescriptor() {
        for (int fd : new int[] {1, 3}) {
            assertThat(descriptors.call(FD_SEEK, null, new Val[] {Val.fromI32(fd), Val.fromI64(0), Val.fromI32(3),
                    Val.fromI32(0)})).isEqualTo(Errno.INVAL);
            assertThat(descriptors.call(FD_ADVISE, null, new Val[] {Val.fromI32(fd), Val.fromI64(0), Val.fromI64(0),
                    Val.fromI32(6)})).isEqualTo(Errno.INVAL);
            assertThat(descriptors.call(FD_FDSTAT_SET_FLAGS, null, params(fd, 0x20))).isEqualTo(Errno.INVAL);
            assertThat(descriptors.call(FD_FDSTAT_SET_RIGHTS, null, new Val[] {Val.fromI32(fd), Val.fromI64(1L << 30),
                    Val.fromI64(0)})).isEqualTo(Errno.INVAL);
            assertThat(times(fd, 0x3)).isEqualTo(Errno.INVAL);
            assertThat(times(fd, 0xc)).isEqualTo(Errno.INVAL);
            assertThat(times(fd, 0x10)).isEqualTo(Errno.INVAL);
            assertThat(times(fd, 0x5)).isEqualTo(Errno.BADF);
            assertThat(descriptors.call(SOCK_SHUTDOWN, null, params(fd, 4))).isEqualTo(Errno.INVAL);
            assertThat(descriptors.call(SOCK_RECV, null, params(fd, 64, 1, 4, 0, 4))).isEqualTo(Errno.INVAL);
            assertThat(descriptors.call(SOCK_ACCEPT, null, params(fd, 0x20, 0))).isEqualTo(Errno.INVAL);
        }
        // Only the low 16 bits of an fdflags argument count, as in Wasmtime's bindings; none are valid on stdio.
        assertThat(descriptors.call(FD_FDSTAT_SET_FLAGS, null, params(1, 0x10004))).isEqualTo(Errno.BADF);
    }

    @Test
    void readAndWriteGoToTheirStreamOnly() {
        memory.putInt(64, 128);
        memory.putInt(68, 16);

        assertThat(call(FD_READ, 0, 64, 1, 72)).isEqualTo(Errno.SUCCESS);
        assertThat(memory.getInt(72)).isEqualTo(5);
        assertThat(call(FD_READ, 1, 64, 1, 72)).isEqualTo(Errno.BADF);
        assertThat(write(0, "x")).isEqualTo(Errno.BADF);
        assertThat(write(3, "x")).isEqualTo(Errno.BADF);
        assertThat(call(FD_WRITE, 1, 64, 1, 5000)).isEqualTo(Errno.FAULT);
    }

    private int write(int fd, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        memory.put(128, bytes);
        memory.putInt(64, 128);
        memory.putInt(68, bytes.length);
        return call(FD_WRITE, fd, 64, 1, 72);
    }

    private int times(int fd, int flags) {
        return descriptors.call(FD_FILESTAT_SET_TIMES, null, new Val[] {Val.fromI32(fd), Val.fromI64(0),
                Val.fromI64(0), Val.fromI32(flags)});
    }

    private void subscription(int index, int tag, int fd) {
        int sub = 256 + index * 48;
        memory.putLong(sub, index);
        memory.put(sub + 8, (byte) tag);
        memory.putInt(sub + 16, fd);
    }

    private int call(DescriptorCall call, int... values) {
        return descriptors.call(call, memory, params(values));
    }

    private static Val[] params(int... values) {
        return Arrays.stream(values).mapToObj(Val::fromI32).toArray(Val[]::new);
    }
}
