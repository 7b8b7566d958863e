package dev.wasmfaas.server.invocation;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.RemoteProblemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the balancer's problem says (its type slug and detail), read for the activation record, and
 * the same problem with the activation id added to its members.
 *
 * @param slug the last segment of its {@code type} ({@code worker-lost}, {@code queue-full}...)
 * @param detail its {@code detail}
 */
record RelayedProblem(String slug, String detail) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RelayedProblem of(RemoteProblemException ex) {
        JsonNode body = parse(ex.body());
        String type = body == null ? null : body.path("type").asString(null);
        String slug = type != null && type.startsWith("/problems/") ? type.substring("/problems/".length())
                : (ex.status() >= 500 ? ErrorKind.INTERNAL.slug() : ErrorKind.BAD_REQUEST.slug());
        String detail = body == null ? null : body.path("detail").asString(null);
        return new RelayedProblem(slug, detail == null ? "the balancer answered " + ex.status() : detail);
    }

    /** The problem with an {@code activationId} member, or unchanged when its body is not a JSON object. */
    static RemoteProblemException withActivationId(RemoteProblemException ex, String activationId) {
        if (!(parse(ex.body()) instanceof ObjectNode body)) {
            return ex;
        }
        body.put("activationId", activationId);
        return new RemoteProblemException(ex.status(), JSON.writeValueAsBytes(body), ex.contentType(),
                ex.retryAfter());
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (JacksonException ex) {
            return null;
        }
    }
}
