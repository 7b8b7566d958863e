package dev.wasmfaas.server.language;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmfaas.server.compile.Compilers;
import dev.wasmfaas.server.compile.LanguageSupport;
import dev.wasmfaas.server.web.WebTestConfiguration;

@WebMvcTest(LanguageController.class)
@Import(WebTestConfiguration.class)
class LanguageControllerTests {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    Compilers compilers;

    @Test
    void listsEachLanguageWithItsToolchainAndWhatToInstall() throws Exception {
        given(compilers.supports()).willReturn(List.of(
                new LanguageSupport("c", true, "system clang with wasi-libc", "Debian clang version 14.0.6", null),
                new LanguageSupport("go", false, "tinygo, or go >= 1.21", null, "install TinyGo, or Go 1.21 or newer")));

        mvc.perform(get("/languages"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].lang").value("c"))
                .andExpect(jsonPath("$[0].available").value(true))
                .andExpect(jsonPath("$[0].version").value("Debian clang version 14.0.6"))
                .andExpect(jsonPath("$[1].lang").value("go"))
                .andExpect(jsonPath("$[1].available").value(false))
                .andExpect(jsonPath("$[1].install").value("install TinyGo, or Go 1.21 or newer"));
    }
}
