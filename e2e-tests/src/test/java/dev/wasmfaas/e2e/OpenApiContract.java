package dev.wasmfaas.e2e;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The gateway's OpenAPI document (the file in the repository) as a check of real answers: a described
 * operation answers only the statuses and media types it describes, with bodies that match their JSON Schema
 * (2020-12, OpenAPI 3.1's dialect); a path it does not describe is a {@code not-found} problem, a method it
 * does not describe a {@code method-not-allowed} one. Every answer checked is counted, by operation and status.
 */
final class OpenApiContract {

    static final Path FILE = Suite.HOME.resolve("gateway-service/src/main/resources/openapi/openapi.yaml");
    /** The one document every test checks against, and what it saw. */
    static final OpenApiContract DOCUMENT = new OpenApiContract(FILE);

    // Not part of the public API: the gateway's own pages, its description and actuator.
    private static final Pattern OUTSIDE = Pattern.compile("/dashboard(/.*)?|/swagger-ui.*|/v3/api-docs.*|/actuator(/.*)?");
    private static final Set<String> UNDESCRIBED_METHODS = Set.of("HEAD", "OPTIONS", "TRACE", "CONNECT");
    private static final String BASE = "https://wasm-faas.test/openapi.json";

    final JsonNode document;
    private final Map<String, Pattern> templates = new LinkedHashMap<>();
    private final Map<String, String> schemaPointers = new ConcurrentHashMap<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final SchemaRegistry registry;
    private final Set<String> observed = ConcurrentHashMap.newKeySet();

    OpenApiContract(Path file) {
        this.document = YAMLMapper.builder().build().readTree(file.toFile());
        document.get("paths").propertyNames().forEach(template -> templates.put(template,
                Pattern.compile(template.replaceAll("\\{[^}]+}", "[^/]+"))));
        // Every response schema, however deep in paths, gets a name under components/schemas: a plain pointer.
        ObjectNode copy = (ObjectNode) document.deepCopy();
        ObjectNode named = (ObjectNode) copy.get("components").get("schemas");
        for (String template : templates.keySet()) {
            JsonNode item = document.get("paths").get(template);
            for (String method : item.propertyNames()) {
                JsonNode responses = item.get(method).get("responses");
                if (responses == null) {
                    continue;
                }
                for (String status : responses.propertyNames()) {
                    JsonNode content = resolve(responses.get(status)).get("content");
                    if (content == null) {
                        continue;
                    }
                    for (String mediaType : content.propertyNames()) {
                        JsonNode schema = content.get(mediaType).get("schema");
                        if (schema != null && isJson(mediaType)) {
                            String name = "response-" + schemaPointers.size();
                            named.set(name, schema);
                            schemaPointers.put(key(method, template, status, mediaType), "#/components/schemas/" + name);
                        }
                    }
                }
            }
        }
        String text = JsonMapper.builder().build().writeValueAsString(copy);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(BASE, text)));
    }

    /** Checks an answer against the document (throws {@link AssertionError} when it breaks it), and returns it. */
    <T> HttpResponse<T> check(HttpResponse<T> response) {
        Object body = response.body();
        String text = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : body == null ? "" : body.toString();
        check(response.request().method(), response.uri(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), text);
        return response;
    }

    void check(String method, URI uri, int status, String contentType, String body) {
        String path = uri.getRawPath();
        if (UNDESCRIBED_METHODS.contains(method) || OUTSIDE.matcher(path).matches()) {
            return;
        }
        Optional<String> template = template(path);
        if (template.isEmpty()) {
            requireProblem(method, path, status, contentType, body, 404, "not-found",
                    "the gateway answers a path the document does not describe");
            return;
        }
        JsonNode operation = document.get("paths").get(template.get()).get(method.toLowerCase(Locale.ROOT));
        if (operation == null) {
            requireProblem(method, path, status, contentType, body, 405, "method-not-allowed",
                    "the gateway takes a method the document does not describe");
            return;
        }
        String where = method + " " + template.get() + " " + status;
        JsonNode response = operation.get("responses").get(Integer.toString(status));
        if (response == null) {
            throw new AssertionError(where + ": status not described (" + path + "): " + shorten(body));
        }
        observed.add(where);
        JsonNode content = resolve(response).get("content");
        if (body.isEmpty()) {
            return;
        }
        if (content == null || contentType == null) {
            throw new AssertionError(where + ": a body of type " + contentType + " where the document describes none");
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (content.get(mediaType) == null) {
            throw new AssertionError(where + ": media type " + mediaType + " not described (" + content.propertyNames() + ")");
        }
        String pointer = schemaPointers.get(key(method.toLowerCase(Locale.ROOT), template.get(), Integer.toString(status), mediaType));
        if (pointer != null) {
            List<Error> errors = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + p)))
                    .validate(JsonMapper.builder().build().readTree(body));
            if (!errors.isEmpty()) {
                throw new AssertionError(where + ": the body does not match the document: " + errors + "\n" + shorten(body));
            }
        }
    }

    /** The described path template a raw path falls under. */
    Optional<String> template(String rawPath) {
        return templates.entrySet().stream().filter(e -> e.getValue().matcher(rawPath).matches()).map(Map.Entry::getKey)
                .findFirst();
    }

    /** {@code METHOD template status} of every described answer, and whether the document marks it unexercised. */
    Map<String, Boolean> described() {
        Map<String, Boolean> all = new LinkedHashMap<>();
        for (String template : templates.keySet()) {
            JsonNode item = document.get("paths").get(template);
            for (String method : item.propertyNames()) {
                JsonNode responses = item.get(method).get("responses");
                if (responses != null) {
                    for (String status : responses.propertyNames()) {
                        all.put(method.toUpperCase(Locale.ROOT) + " " + template + " " + status,
                                resolve(responses.get(status)).has("x-faas-unexercised"));
                    }
                }
            }
        }
        return all;
    }

    /** What {@link #check} has seen so far, as {@code METHOD template status}. */
    Set<String> observed() {
        return Set.copyOf(observed);
    }

    /** The methods the document describes on a template, upper case. */
    List<String> methods(String template) {
        List<String> methods = new ArrayList<>();
        document.get("paths").get(template).propertyNames().forEach(m -> {
            if (!m.equals("parameters")) {
                methods.add(m.toUpperCase(Locale.ROOT));
            }
        });
        return methods;
    }

    List<String> templates() {
        return List.copyOf(templates.keySet());
    }

    // The key is checked before the route: a call without the right key is refused whatever its path or method.
    private static void requireProblem(String method, String path, int status, String contentType, String body,
            int expected, String type, String why) {
        String wanted = status == expected ? type : status == 401 ? "unauthorized" : status == 403 ? "forbidden" : null;
        boolean problem = wanted != null && contentType != null && contentType.startsWith("application/problem+json")
                && ("/problems/" + wanted).equals(JsonMapper.builder().build().readTree(body).path("type").asString());
        if (!problem) {
            throw new AssertionError(why + ": " + method + " " + path + " answered " + status + " " + shorten(body));
        }
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.asString().substring(2).split("/")) {
            target = target.get(part.replace("~1", "/").replace("~0", "~"));
        }
        return target;
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String key(String method, String template, String status, String mediaType) {
        return method + " " + template + " " + status + " " + mediaType;
    }

    private static String shorten(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }
}
