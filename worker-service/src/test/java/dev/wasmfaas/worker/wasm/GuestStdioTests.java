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

        assertThat(stdio.read(memory, GuestStdio.STDIN, 0, 2, 64)).isEqualTo(GuestStdio.ERRNO_SUCCESS);
        assertThat(memory.getInt(64)).isEqualTo(11);
        assertThat(text(128, 5)).isEqualTo("hello");
        assertThat(text(256, 6)).isEqualTo(" world");

        assertThat(stdio.read(memory, GuestStdio.STDIN, 0, 2, 64)).isEqualTo(GuestStdio.ERRNO_SUCCESS);
        assertThat(memory.getInt(64)).isZero();
    }

    @Test
    void writeGathersTheIovecsIntoTheRightStream() {
        GuestStdio stdio = new GuestStdio(new byte[0], 100);
        put(128, "out");
        put(256, "err");
        iovec(0, 128, 3);

        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, 1, 64)).isEqualTo(GuestStdio.ERRNO_SUCCESS);
        iovec(0, 256, 3);
        assertThat(stdio.write(memory, GuestStdio.STDERR, 0, 1, 64)).isEqualTo(GuestStdio.ERRNO_SUCCESS);

        assertThat(memory.getInt(64)).isEqualTo(3);
        assertThat(stdio.stdout()).isEqualTo("out");
        assertThat(stdio.stderr()).isEqualTo("err");
    }

    @Test
    void otherDescriptorsAreBadAndWildPointersAreFaults() {
        GuestStdio stdio = new GuestStdio("x".getBytes(StandardCharsets.UTF_8), 100);
        iovec(0, 2_000, 1);

        assertThat(stdio.read(memory, 3, 0, 1, 64)).isEqualTo(GuestStdio.ERRNO_BADF);
        assertThat(stdio.write(memory, GuestStdio.STDIN, 0, 1, 64)).isEqualTo(GuestStdio.ERRNO_BADF);
        assertThat(stdio.read(memory, GuestStdio.STDIN, 0, 1, 64)).isEqualTo(GuestStdio.ERRNO_FAULT);
        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, 1, 64)).isEqualTo(GuestStdio.ERRNO_FAULT);
        iovec(0, 128, -1);
        assertThat(stdio.write(memory, GuestStdio.STDOUT, 0, 1, 64)).isEqualTo(GuestStdio.ERRNO_FAULT);
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
