package dev.wasmfaas.common.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import static org.assertj.core.api.Assertions.assertThat;

/** A head written into bytes reads as the same text encoded in ISO-8859-1 would. */
class HeadBufferTests {

    @Test
    void writesLinesHeadersAndNumbersAsTheCharsetWould() {
        HeadBuffer head = new HeadBuffer().append("POST /invoke?fn=hello HTTP/1.1").crlf()
                .header("Host", "localhost").append("Content-Length: ").append(0).crlf()
                .header("Faas-Arg", "caf\u00e9 \u20ac").append(1234567890123L).append(' ').append(-42).crlf();

        assertThat(text(head.buffer())).isEqualTo("POST /invoke?fn=hello HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 0\r\nFaas-Arg: caf\u00e9 ?\r\n1234567890123 -42\r\n");
    }

    @Test
    void growsPastItsFirstSizeAndStartsAgainWhenCleared() {
        HeadBuffer head = new HeadBuffer();
        String long_ = "x".repeat(5000);
        head.header("X-Long", long_);
        assertThat(text(head.buffer())).isEqualTo("X-Long: " + long_ + "\r\n");

        head.clear().append("HTTP/1.1 200 OK").crlf().crlf();
        assertThat(text(head.buffer())).isEqualTo("HTTP/1.1 200 OK\r\n\r\n");
    }

    @Property
    void anyTextAndNumberReadAsTheirIso88591Encoding(@ForAll String text, @ForAll long number) {
        HeadBuffer head = new HeadBuffer().append(text).append(number);

        byte[] expected = (text + number).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer written = head.buffer();
        byte[] actual = new byte[written.remaining()];
        written.get(actual);
        assertThat(actual).isEqualTo(expected);
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.ISO_8859_1.decode(buffer).toString();
    }
}
