package dev.wasmfaas.gateway.apidocs;

import java.net.URI;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /v3/api-docs} (JSON, where springdoc serves it) and {@code /v3/api-docs.yaml}: the document;
 * {@code /swagger-ui.html} and {@code /swagger-ui}: to Swagger UI's page.
 */
@Controller
final class ApiDocsController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final ApiDocument document = ApiDocument.load();

    @GetMapping("/v3/api-docs")
    ResponseEntity<byte[]> json() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.APPLICATION_JSON)
                .body(document.json());
    }

    @GetMapping("/v3/api-docs.yaml")
    ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(YAML).body(document.yaml());
    }

    @GetMapping({ "/swagger-ui.html", "/swagger-ui", "/swagger-ui/" })
    ResponseEntity<Void> swaggerUi() {
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(ApiDocsConfiguration.PAGE)).build();
    }
}
