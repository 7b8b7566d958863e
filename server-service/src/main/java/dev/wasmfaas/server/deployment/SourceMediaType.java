package dev.wasmfaas.server.deployment;

import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;

import dev.wasmfaas.common.contract.Language;

/**
 * The type a function's source is answered with by {@code GET /function/{name}}: a module as
 * {@code application/wasm}, each source language as its usual text type, and HTML as plain text, so that
 * a browser shows it rather than renders it from the API.
 */
final class SourceMediaType {

    private SourceMediaType() {
    }

    static MediaType of(Language language) {
        return switch (language) {
            case WASM -> new MediaType("application", "wasm");
            case C -> text("x-c");
            case CPP -> text("x-c++");
            case RUST -> text("x-rust");
            case GO -> text("x-go");
            case JS -> text("javascript");
            case PYTHON -> text("x-python");
            case PHP -> text("x-php");
            case HTML -> text("plain");
        };
    }

    private static MediaType text(String subtype) {
        return new MediaType("text", subtype, StandardCharsets.UTF_8);
    }
}
