package dev.wasmfaas.gateway.dashboard;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET /dashboard} (and {@code /dashboard/}): the page itself; its assets are static resources. */
@Controller
final class DashboardController {

    static final String ASSETS = "static/dashboard/";

    private final Resource page = new ClassPathResource(ASSETS + "index.html");

    @GetMapping({ "/dashboard", "/dashboard/" })
    ResponseEntity<Resource> page() {
        // Revalidated on every load, so a new gateway never runs an old page against a new API.
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8)).body(page);
    }
}
