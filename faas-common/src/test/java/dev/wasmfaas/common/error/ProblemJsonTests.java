package dev.wasmfaas.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written problem is JSON whatever the detail holds, and never calls a client's fault internal. */
class ProblemJsonTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Property(tries = 300)
    void anyDetailMakesValidJson(@ForAll String detail) {
        JsonNode problem = JSON.readTree(new String(ProblemJson.of(400, ErrorKind.BAD_REQUEST, detail),
                StandardCharsets.UTF_8));

        assertThat(problem.get("type").asString()).isEqualTo("/problems/bad-request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("ok").asBoolean()).isFalse();
        assertThat(problem.get("detail").asString()).hasSameSizeAs(detail);
    }

    @Property(tries = 200)
    void everyContainerStatusHasAProblemOfThatStatus(@ForAll @IntRange(min = 400, max = 599) int status) {
        JsonNode problem = JSON.readTree(new String(ProblemJson.forStatus(status), StandardCharsets.UTF_8));

        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("/problems/");
        assertThat(problem.get("title").asString()).isNotBlank();
        if (status < 500 || status == 501 || status == 505) {
            assertThat(problem.get("type").asString()).isNotEqualTo("/problems/internal");
        }
    }
}
