package dev.wasmfaas.server.language;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /languages}: every language, whether its toolchain or runtime is here, and what to install if not,
 * as last probed; {@code POST /languages/refresh}: probe again, in the background.
 */
@RestController
class LanguageController {

    private final LanguageCatalog catalog;

    LanguageController(LanguageCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/languages")
    List<LanguageStatus> languages() {
        return catalog.languages();
    }

    @PostMapping("/languages/refresh")
    ResponseEntity<List<LanguageStatus>> refresh() {
        return ResponseEntity.accepted().location(URI.create("/languages")).body(catalog.refresh().languages());
    }
}
