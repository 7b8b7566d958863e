package dev.wasmfaas.server.activation;

/** UTF-8 sizes of text without encoding it, and prefixes that fit a number of bytes. */
public final class Utf8 {

    private Utf8() {
    }

    public static long length(String text) {
        return prefixEnd(text, Long.MAX_VALUE)[1];
    }

    /** The longest prefix of the text whose UTF-8 encoding fits in {@code maxBytes}, never splitting a character. */
    static String prefix(String text, long maxBytes) {
        int end = (int) prefixEnd(text, maxBytes)[0];
        return end == text.length() ? text : text.substring(0, end);
    }

    // {end index, bytes up to it}
    private static long[] prefixEnd(String text, long maxBytes) {
        long bytes = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int chars = 1;
            int width;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = 3;
            }
            if (bytes + width > maxBytes) {
                break;
            }
            bytes += width;
            i += chars;
        }
        return new long[] {i, bytes};
    }
}
