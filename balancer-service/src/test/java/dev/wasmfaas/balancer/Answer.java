package dev.wasmfaas.balancer;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationWire;

/** What the balancer answered, read as it arrived. */
record Answer(JsonMapper mapper, int status, String contentType, String retryAfter, byte[] body,
        HttpHeaders headers) {

    JsonNode json() {
        return mapper.readTree(body);
    }

    /** The worker's result, as the balancer passed it on. */
    InvocationResult result() {
        return InvocationWire.readResult(InvocationWire.Headers.of(headers), body);
    }

    /** The worker named by a result or a problem. */
    String worker() {
        return InvocationWire.CONTENT_TYPE.equals(contentType) ? result().worker() : json().path("worker").asString();
    }

    String type() {
        return json().path("type").asString();
    }

    @Override
    public String toString() {
        return status + " " + new String(body, StandardCharsets.UTF_8);
    }
}
