package dev.wasmfaas.common.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The languages a function may be written in, with the file extension its source is stored under. */
public enum Language {

    C("c", "c", true),
    CPP("cpp", "cpp", true),
    RUST("rust", "rs", true),
    GO("go", "go", true),
    WASM("wasm", "wasm", true),
    JS("js", "js", false),
    PYTHON("python", "py", false),
    PHP("php", "php", false),
    HTML("html", "html", false);

    private static final Map<String, Language> BY_ID = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Language::id, language -> language));

    private final String id;
    private final String extension;
    private final boolean wasm;

    Language(String id, String extension, boolean wasm) {
        this.id = id;
        this.extension = extension;
        this.wasm = wasm;
    }

    /** The name used in the API ({@code lang=c}). */
    public String id() {
        return id;
    }

    public String extension() {
        return extension;
    }

    /** Whether the function runs as a WebAssembly module. */
    public boolean wasm() {
        return wasm;
    }

    public static Optional<Language> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_ID.get(id.toLowerCase(Locale.ROOT)));
    }
}
