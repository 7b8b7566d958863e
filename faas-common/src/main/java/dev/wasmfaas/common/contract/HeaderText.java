package dev.wasmfaas.common.contract;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Any text as an HTTP header value: its UTF-8 bytes, each byte outside printable ASCII written
 * {@code %XX} as in a URI, and so are space (a header loses its edge spaces) and {@code %}. Plain
 * ASCII names and ids pass unchanged.
 */
public final class HeaderText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HeaderText() {
    }

    public static String encode(String text) {
        int length = text.length();
        int i = 0;
        while (i < length && plain(text.charAt(i))) {
            i++;
        }
        if (i == length) {
            return text;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(utf8.length + 16);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c < 0x80 && plain((char) c)) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return encoded.toString();
    }

    /** @throws IllegalArgumentException when the value is not one {@link #encode} writes */
    public static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%') {
                bytes.write(c);
                continue;
            }
            if (i + 2 >= value.length()) {
                throw new IllegalArgumentException("a '%' must be followed by two hex digits");
            }
            bytes.write(hex(value.charAt(i + 1)) << 4 | hex(value.charAt(i + 2)));
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean plain(char c) {
        return c > 0x20 && c < 0x7f && c != '%';
    }

    private static int hex(char c) {
        int digit = Character.digit(c, 16);
        if (digit < 0) {
            throw new IllegalArgumentException("not a hex digit: " + c);
        }
        return digit;
    }
}
