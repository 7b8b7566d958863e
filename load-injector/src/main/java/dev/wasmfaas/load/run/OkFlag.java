package dev.wasmfaas.load.run;

import java.util.Optional;

/**
 * Reads the top-level {@code "ok"} of a JSON object without a JSON library: a function's output may
 * itself contain {@code "ok":true}, so the scan follows the structure instead of searching the text.
 */
final class OkFlag {

    private final byte[] json;
    private int at;

    private OkFlag(byte[] json) {
        this.json = json;
    }

    /** The value of the top-level boolean {@code "ok"}, empty when the body is no JSON object carrying one. */
    static Optional<Boolean> read(byte[] json) {
        return new OkFlag(json).topLevelOk();
    }

    private Optional<Boolean> topLevelOk() {
        if (next() != '{') {
            return Optional.empty();
        }
        while (next() == '"') {
            boolean isOk = stringEqualsOk();
            if (next() != ':') {
                return Optional.empty();
            }
            if (isOk) {
                skipSpace();
                return literal("true") ? Optional.of(true) : literal("false") ? Optional.of(false) : Optional.empty();
            }
            skipValue();
            if (next() != ',') {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The next byte after any whitespace, consumed; -1 at the end. */
    private int next() {
        skipSpace();
        return at < json.length ? json[at++] : -1;
    }

    private int peek() {
        return at < json.length ? json[at] : -1;
    }

    private void skipSpace() {
        while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') {
            at++;
        }
    }

    /** Consumes the rest of a string whose opening quote was read; true when it was exactly {@code "ok"}. */
    private boolean stringEqualsOk() {
        int start = at;
        skipStringRest();
        return at - start == 3 && json[start] == 'o' && json[start + 1] == 'k';
    }

    private void skipStringRest() {
        while (peek() != -1 && peek() != '"') {
            at += peek() == '\\' ? 2 : 1;
        }
        at = Math.min(at + 1, json.length);
    }

    private void skipValue() {
        skipSpace();
        int depth = 0;
        while (peek() != -1) {
            int c = peek();
            if (depth == 0 && (c == ',' || c == '}' || c == ']')) {
                return;
            }
            at++;
            if (c == '"') {
                skipStringRest();
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    private boolean literal(String word) {
        if (at + word.length() > json.length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (json[at + i] != word.charAt(i)) {
                return false;
            }
        }
        at += word.length();
        return true;
    }
}
