package dev.wasmfaas.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** docs/ERRORS.md and {@link ErrorKind} say the same: one row and one example body per kind, in enum order. */
class ErrorTableTests {

    private static final Pattern ROW = Pattern.compile(
            "^\\| `([A-Z_]+)` \\| (\\d{3}) \\| `([^`]+)` \\| (.*) \\|$", Pattern.MULTILINE);
    private static final Pattern EXAMPLE = Pattern.compile("^### `([A-Z_]+)`\\s+```json\\n(.*?)\\n```",
            Pattern.MULTILINE | Pattern.DOTALL);

    private static String table;

    @BeforeAll
    static void read() throws IOException {
        // The project root: given by the build, or the parent of this module when run from an IDE.
        Path home = Path.of(System.getProperty("faas.home", ".."));
        table = Files.readString(home.resolve("docs/ERRORS.md"));
    }

    @Test
    void everyKindHasOneRowWithItsStatusAndType() {
        Map<String, Row> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            Row parsed = new Row(Integer.parseInt(row.group(2)), row.group(3), row.group(4));
            assertThat(rows.put(row.group(1), parsed)).as("a second row for " + row.group(1)).isNull();
        }
        assertThat(rows.keySet()).containsExactlyElementsOf(names());
        for (ErrorKind kind : ErrorKind.values()) {
            Row kindRow = rows.get(kind.name());
            assertThat(kindRow.status()).as(kind.name()).isEqualTo(kind.status().value());
            assertThat(kindRow.type()).as(kind.name()).isEqualTo(kind.type().toString());
            assertThat(kindRow.when()).as("when " + kind.name() + " happens").isNotBlank();
        }
    }

    @Test
    void everyKindHasAnExampleBodyOfItsOwn() {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        Matcher example = EXAMPLE.matcher(table);
        while (example.find()) {
            assertThat(examples.put(example.group(1), json.readTree(example.group(2))))
                    .as("a second example for " + example.group(1)).isNull();
        }
        assertThat(examples.keySet()).containsExactlyElementsOf(names());
        for (ErrorKind kind : ErrorKind.values()) {
            JsonNode body = examples.get(kind.name());
            assertThat(body.get("type").asString()).as(kind.name()).isEqualTo(kind.type().toString());
            assertThat(body.get("status").asInt()).as(kind.name()).isEqualTo(kind.status().value());
            // Problems Spring raises itself keep its title (the status's reason phrase).
            assertThat(body.get("title").asString()).as(kind.name())
                    .isIn(kind.title(), kind.status().getReasonPhrase());
            assertThat(body.get("ok").asBoolean(true)).as(kind.name()).isFalse();
            assertThat(body.get("detail").asString()).as(kind.name()).isNotBlank();
        }
    }

    private record Row(int status, String type, String when) {
    }

    private static List<String> names() {
        return Arrays.stream(ErrorKind.values()).map(Enum::name).toList();
    }
}
