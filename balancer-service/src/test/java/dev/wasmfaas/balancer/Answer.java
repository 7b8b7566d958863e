package dev.wasmfaas.balancer;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the balancer answered, read as it arrived. */
record Answer(JsonMapper mapper, int status, String contentType, String retryAfter, byte[] body) {

    JsonNode json() {
        return mapper.readTree(body);
    }

    /** The worker named by a result or a problem. */
    String worker() {
        return json().path("worker").asString();
    }

    String type() {
        return json().path("type").asString();
    }

    @Override
    public String toString() {
        return status + " " + new String(body, StandardCharsets.UTF_8);
    }
}
