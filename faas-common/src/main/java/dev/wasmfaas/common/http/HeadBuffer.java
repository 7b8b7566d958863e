package dev.wasmfaas.common.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An HTTP head written straight into bytes, one per connection and used again for each message on it: no
 * builder, string and encoded copy per head. Characters are ISO-8859-1, as in a head; one outside it is
 * written as {@code ?}, as the charset's encoder does (one for a surrogate pair).
 */
public final class HeadBuffer {

    private byte[] bytes = new byte[512];
    private int length;

    /** Empties it for the next head. */
    public HeadBuffer clear() {
        length = 0;
        return this;
    }

    public HeadBuffer append(String text) {
        int count = text.length();
        room(count);
        for (int i = 0; i < count; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < count && Character.isLowSurrogate(text.charAt(i + 1))) {
                // One character outside the charset, one '?'.
                i++;
            }
            bytes[length++] = (byte) (c <= 0xFF ? c : '?');
        }
        return this;
    }

    public HeadBuffer append(char c) {
        room(1);
        bytes[length++] = (byte) (c <= 0xFF ? c : '?');
        return this;
    }

    /** A number in decimal. */
    public HeadBuffer append(long number) {
        if (number < 0) {
            return append(Long.toString(number));
        }
        int digits = 1;
        for (long rest = number / 10; rest > 0; rest /= 10) {
            digits++;
        }
        room(digits);
        for (int at = length + digits - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' + number % 10);
            number /= 10;
        }
        length += digits;
        return this;
    }

    /** A line break, {@code CRLF}. */
    public HeadBuffer crlf() {
        room(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    /** A header line, {@code name: value} and a line break. */
    public HeadBuffer header(String name, String value) {
        return append(name).append(':').append(' ').append(value).crlf();
    }

    /** What was written, as a buffer over this one's bytes: valid until the next {@link #clear()}. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
