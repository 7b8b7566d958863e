package dev.wasmfaas.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document of the public API, read once at start from the YAML file kept in the repository
 * ({@code openapi/openapi.yaml}), as YAML and as JSON bytes: serving it costs a copy, never a model.
 *
 * @param yaml the file as written
 * @param json the same document as JSON
 */
record ApiDocument(byte[] yaml, byte[] json) {

    static final String LOCATION = "openapi/openapi.yaml";

    static ApiDocument load() {
        try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
            byte[] yaml = in.readAllBytes();
            JsonNode tree = YAMLMapper.builder().build().readTree(yaml);
            return new ApiDocument(yaml, JsonMapper.builder().build().writeValueAsBytes(tree));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + LOCATION, ex);
        }
    }
}
