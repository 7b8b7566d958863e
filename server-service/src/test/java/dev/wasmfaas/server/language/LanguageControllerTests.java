package dev.wasmfaas.server.language;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmfaas.server.web.WebTestConfiguration;

@WebMvcTest(LanguageController.class)
@Import(WebTestConfiguration.class)
class LanguageControllerTests {

    private static final Instant CHECKED = Instant.parse("2026-03-01T12:00:00Z");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    LanguageCatalog catalog;

    @Test
    void listsEachLanguageWithItsToolchainWhatToInstallAndWhenItWasProbed() throws Exception {
        given(catalog.languages()).willReturn(List.of(
                new LanguageStatus("c", true, "system clang with wasi-libc", "Debian clang version 14.0.6", null,
                        CHECKED, false),
                new LanguageStatus("go", false, "tinygo, or go >= 1.21", null, "install TinyGo, or Go 1.21 or newer",
                        CHECKED, false),
                new LanguageStatus("rust", null, null, null, null, null, true)));

        mvc.perform(get("/languages"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].lang").value("c"))
                .andExpect(jsonPath("$[0].available").value(true))
                .andExpect(jsonPath("$[0].version").value("Debian clang version 14.0.6"))
                .andExpect(jsonPath("$[0].checkedAt").value("2026-03-01T12:00:00Z"))
                .andExpect(jsonPath("$[0].probing").value(false))
                .andExpect(jsonPath("$[1].lang").value("go"))
                .andExpect(jsonPath("$[1].available").value(false))
                .andExpect(jsonPath("$[1].install").value("install TinyGo, or Go 1.21 or newer"))
                .andExpect(jsonPath("$[2].available").isEmpty())
                .andExpect(jsonPath("$[2].probing").value(true));
        Mockito.verify(catalog, Mockito.never()).refresh();
    }

    @Test
    void aRefreshIsAcceptedAndRunsInTheBackground() throws Exception {
        given(catalog.refresh()).willReturn(new LanguageCatalog.Refresh(
                List.of(new LanguageStatus("c", true, "clang", "14", null, CHECKED, true)), new CompletableFuture<>()));

        mvc.perform(post("/languages/refresh"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/languages"))
                .andExpect(jsonPath("$[0].probing").value(true));
        Mockito.verify(catalog).refresh();
    }

    @Test
    void aRefreshIsAPost() throws Exception {
        mvc.perform(get("/languages/refresh")).andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("/problems/method-not-allowed"));
        Mockito.verify(catalog, Mockito.never()).refresh();
    }
}
