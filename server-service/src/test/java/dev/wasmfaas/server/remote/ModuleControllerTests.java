package dev.wasmfaas.server.remote;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

/** {@code GET /modules/{sha256}}: a stored artifact by its digest, over the TLS listener only. */
@WebMvcTest(ModuleController.class)
@Import(dev.wasmfaas.server.web.WebTestConfiguration.class)
class ModuleControllerTests {

    private static final String DIGEST = "ab".repeat(32);

    @TempDir
    Path dir;
    @Autowired
    MockMvc mvc;
    @MockitoBean
    FunctionRegistry registry;
    @MockitoBean
    FunctionStore store;

    @Test
    void servesTheArtifactOfThatDigestOverTls() throws Exception {
        byte[] module = {0, 'a', 's', 'm', 1, 0, 0, 0};
        Files.write(dir.resolve("module.wasm"), module);
        FunctionMetadata function = new FunctionMetadata("add_1", "add", "c", 1, Instant.now(), "source.c", 10,
                "module.wasm", DIGEST, List.of(), Map.of(), null);
        given(registry.findByDigest(DIGEST)).willReturn(Optional.of(function));
        given(store.directoryOf(function)).willReturn(dir);

        mvc.perform(get("/modules/" + DIGEST).secure(true))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/octet-stream"))
                .andExpect(content().bytes(module));
    }

    @Test
    void anUnknownDigestIsNotFound() throws Exception {
        given(registry.findByDigest(DIGEST)).willReturn(Optional.empty());

        mvc.perform(get("/modules/" + DIGEST).secure(true))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("/problems/not-found"));
    }

    @Test
    void aMalformedDigestIsABadRequest() throws Exception {
        mvc.perform(get("/modules/..%2F..%2Fetc%2Fpasswd").secure(true))
                .andExpect(status().is4xxClientError());
        mvc.perform(get("/modules/" + DIGEST.toUpperCase()).secure(true))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/bad-request"));
        mvc.perform(get("/modules/abc").secure(true))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.ok").value(false));
    }

    @Test
    void isNotServedOnTheServersOwnListener() throws Exception {
        mvc.perform(get("/modules/" + DIGEST))
                .andExpect(status().isNotFound());
    }
}
