package dev.wasmfaas.server.language;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.server.compile.Compilers;
import dev.wasmfaas.server.compile.LanguageSupport;

/** {@code GET /languages}: every language, whether its toolchain or runtime is here, and what to install if not. */
@RestController
class LanguageController {

    private final Compilers compilers;

    LanguageController(Compilers compilers) {
        this.compilers = compilers;
    }

    @GetMapping("/languages")
    List<LanguageSupport> languages() {
        return compilers.supports();
    }
}
