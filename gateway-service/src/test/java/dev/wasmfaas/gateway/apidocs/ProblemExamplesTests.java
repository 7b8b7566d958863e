package dev.wasmfaas.gateway.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.Problems;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document's examples against what the platform sends: every answer it describes has an example,
 * every problem example has the type, status and title of its {@link ErrorKind} (and the status it is
 * described under), and every kind has an example. Written by hand, the examples drifted from the kinds' titles.
 */
class ProblemExamplesTests {

    private static final Path FILE = Path.of("src/main/resources", ApiDocument.LOCATION);
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final Map<String, ErrorKind> KINDS = Arrays.stream(ErrorKind.values())
            .collect(Collectors.toMap(kind -> kind.type().toString(), Function.identity()));

    private final JsonNode document = YAMLMapper.builder().build().readTree(FILE.toFile());

    @Test
    void everyAnswerItDescribesHasAnExample() {
        Set<String> without = new TreeSet<>();
        forEachAnswer((where, status, mediaType, content) -> {
            if (examples(content).isEmpty()) {
                without.add(where + " " + mediaType);
            }
        });

        assertThat(without).as("answers without an example").isEmpty();
    }

    @Test
    void everyProblemExampleIsWhatThePlatformSends() {
        List<String> wrong = new ArrayList<>();
        forEachAnswer((where, status, mediaType, content) -> {
            if (mediaType.equals(PROBLEM_JSON)) {
                for (JsonNode example : examples(content)) {
                    wrong.addAll(breaches(where, example));
                    if (example.path("status").asInt() != status) {
                        wrong.add(where + ": an example of status " + example.path("status") + ": " + example);
                    }
                }
            }
        });
        for (JsonNode example : schema("Problem").path("examples")) {
            wrong.addAll(breaches("the Problem schema", example));
        }

        assertThat(wrong).isEmpty();
    }

    @Test
    void everyKindOfErrorHasAnExample() {
        Set<ErrorKind> shown = new HashSet<>();
        forEachAnswer((where, status, mediaType, content) -> {
            if (mediaType.equals(PROBLEM_JSON)) {
                examples(content).forEach(example -> shown.add(kindOf(example)));
            }
        });
        schema("Problem").path("examples").forEach(example -> shown.add(kindOf(example)));

        Set<ErrorKind> missing = EnumSet.allOf(ErrorKind.class);
        missing.removeAll(shown);
        assertThat(missing).as("kinds without an example").isEmpty();
    }

    @Test
    void theProblemTypesAreTheKindsInTheirOrder() {
        List<String> described = new ArrayList<>();
        schema("Problem").get("properties").get("type").get("enum").forEach(type -> described.add(type.asString()));

        assertThat(described).containsExactlyElementsOf(
                Arrays.stream(ErrorKind.values()).map(kind -> kind.type().toString()).toList());
    }

    /** What is wrong with a problem example: nothing, or why it is not what the platform sends. */
    private static List<String> breaches(String where, JsonNode example) {
        ErrorKind kind = kindOf(example);
        if (kind == null) {
            return List.of(where + ": no kind of error has the type of " + example);
        }
        List<String> wrong = new ArrayList<>();
        if (example.path("status").asInt() != kind.status().value()) {
            wrong.add(where + ": " + kind + " is a " + kind.status().value() + ", not " + example.path("status"));
        }
        String title = example.path("title").asString();
        if (!title.equals(kind.title()) && !(raisedBySpring(kind) && title.equals(kind.status().getReasonPhrase()))) {
            wrong.add(where + ": the title of " + kind + " is \"" + kind.title() + "\", not \"" + title + "\"");
        }
        if (!example.path("ok").isBoolean() || example.path("ok").asBoolean()) {
            wrong.add(where + ": without \"ok\": false: " + example);
        }
        if (example.path("detail").asString("").isBlank()) {
            wrong.add(where + ": without a detail: " + example);
        }
        return wrong;
    }

    private static ErrorKind kindOf(JsonNode example) {
        return KINDS.get(example.path("type").asString());
    }

    /**
     * Whether Spring MVC raises problems of this kind itself (an unknown path, a wrong method...): those keep
     * Spring's title, the status's reason phrase, and get the type {@link Problems#decorate} gives their status.
     */
    private static boolean raisedBySpring(ErrorKind kind) {
        ProblemDetail spring = ProblemDetail.forStatus(kind.status());
        return Problems.decorate(spring, kind.status()).getType().equals(kind.type());
    }

    private interface AnswerVisitor {
        void visit(String where, int status, String mediaType, JsonNode content);
    }

    /** Each media type of each answer of each operation, the answers' references resolved. */
    private void forEachAnswer(AnswerVisitor visitor) {
        JsonNode paths = document.get("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                JsonNode responses = paths.get(path).get(method).get("responses");
                if (responses == null) {
                    continue;
                }
                for (String status : responses.propertyNames()) {
                    JsonNode content = resolve(responses.get(status)).path("content");
                    for (String mediaType : content.propertyNames()) {
                        visitor.visit(method.toUpperCase(Locale.ROOT) + " " + path + " " + status, Integer.parseInt(status),
                                mediaType, content.get(mediaType));
                    }
                }
            }
        }
    }

    /** The example of a media type, or the values of its named examples. */
    private List<JsonNode> examples(JsonNode mediaType) {
        List<JsonNode> examples = new ArrayList<>();
        if (mediaType.has("example")) {
            examples.add(mediaType.get("example"));
        }
        mediaType.path("examples").forEach(named -> examples.add(resolve(named).get("value")));
        return examples;
    }

    private JsonNode schema(String name) {
        return document.get("components").get("schemas").get(name);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode target = node;
        while (target.has("$ref")) {
            JsonNode at = document;
            for (String part : target.get("$ref").asString().substring(2).split("/")) {
                at = at.get(part.replace("~1", "/").replace("~0", "~"));
            }
            target = at;
        }
        return target;
    }
}
