package dev.wasmfaas.worker.wasm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GuestStdioTests {

    // A tiny linear memory: iovecs at 0, the count at 64, buffers from 128.
    private final ByteBuffer memory = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void readFillsTheIovecsInOrderThenReportsEndOfInput() {
        GuestStdio stdio = new GuestStdio("hello world".getBytes(StandardCharsets.UTF_8), 100);
        iovec(0, 128, 5);
        iovec(1, 256, 100);

        assertThat(stdio.read(memory, 0, 2, 64)).isEqualTo(Errno.SUCCESS);
        assertThat(memory.getInt(64)).isEqualTo(11);
        assertThat(text(128, 5)).isEqualTo("hello");
        assertThat(text(256, 6)).isEqualTo(" world");

        assertThat(stdio.read(memory, 0, 2, 64)).isEqualTo(Errno.SUCCESS);
        assertThat(memory.getInt(64)).isZero();
    }

    @Test
    void writeGathersTheIovecsIntoTheRightStream() {
        GuestStdio stdio = new GuestStdio(new byte[0], 100);
        put(128, "out");
        put(256, "err");
        iovec(0, 128, 3);
        iovec(1, 900, 0);

        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, 2, 64)).isEqualTo(Errno.SUCCESS);
        iovec(0, 256, 3);
        assertThat(stdio.write(memory, GuestStdio.STDERR, 0, 1, 64)).isEqualTo(Errno.SUCCESS);

        assertThat(memory.getInt(64)).isEqualTo(3);
        assertThat(stdio.stdout()).isEqualTo("out");
        assertThat(stdio.stderr()).isEqualTo("err");
    }

    @Test
    void outputGrowsPastItsFirstBuffer() {
        GuestStdio stdio = new GuestStdio(new byte[0], 10_000);
        put(128, "0123456789");
        iovec(0, 128, 10);
        for (int i = 0; i < 100; i++) {
            stdio.write(memory, GuestStdio.STDOUT, 0, 1, 64);
        }

        assertThat(stdio.stdout()).isEqualTo("0123456789".repeat(100));
    }

    @Test
    void wildPointersAreFaultsThatTouchNothing() {
        GuestStdio stdio = new GuestStdio("xy".getBytes(StandardCharsets.UTF_8), 100);
        put(128, "ab");
        iovec(0, 128, 2);
        iovec(1, 2_000, 1);

        assertThat(stdio.read(memory, 0, 2, 64)).isEqualTo(Errno.FAULT);
        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, 2, 64)).isEqualTo(Errno.FAULT);
        assertThat(stdio.unreadInput()).isEqualTo(2);
        assertThat(stdio.stdout()).isEmpty();

        iovec(1, 128, -1);
        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, 2, 64)).isEqualTo(Errno.FAULT);
        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, 1, 1022)).isEqualTo(Errno.FAULT);
        assertThat(stdio.write(memory, GuestStdio.STDOUT, 1020, 1, 64)).isEqualTo(Errno.FAULT);
        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, -1, 64)).isEqualTo(Errno.FAULT);
        assertThat(stdio.read(memory, -8, 1, 64)).isEqualTo(Errno.FAULT);
        assertThat(stdio.stdout()).isEmpty();
        assertThat(stdio.unreadInput()).isEqualTo(2);
    }

    @Test
    void emptyBuffersAreSkippedWhereverTheyPoint() {
        GuestStdio stdio = new GuestStdio("x".getBytes(StandardCharsets.UTF_8), 100);
        iovec(0, -1, 0);
        iovec(1, 128, 4);

        assertThat(stdio.read(memory, 0, 2, 64)).isEqualTo(Errno.SUCCESS);
        assertThat(memory.getInt(64)).isEqualTo(1);
    }

    @Test
    void outputPastTheCapKeepsWhatFitsAndStops() {
        GuestStdio stdio = new GuestStdio(new byte[0], 5);
        put(128, "abcdefgh");
        iovec(0, 128, 3);
        stdio.write(memory, GuestStdio.STDERR, 0, 1, 64);

        assertThatExceptionOfType(GuestStdio.OutputLimitExceeded.class)
                .isThrownBy(() -> stdio.write(memory, GuestStdio.STDOUT, 0, 1, 64));
        assertThat(stdio.stderr()).isEqualTo("abc");
        assertThat(stdio.stdout()).isEqualTo("ab");
        assertThat(stdio.outputLimitReached()).isTrue();
    }

    private void iovec(int index, int ptr, int len) {
        memory.putInt(index * 8, ptr);
        memory.putInt(index * 8 + 4, len);
    }

    private void put(int at, String text) {
        memory.put(at, text.getBytes(StandardCharsets.UTF_8));
    }

    private String text(int at, int length) {
        byte[] bytes = new byte[length];
        memory.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
