package dev.wasmfaas.gateway.auth;

import java.util.regex.Pattern;

/**
 * What a call does, as far as keys go. Only exact, canonical paths get a weaker class: anything
 * unusual (encoded characters, {@code ..}, path parameters) falls to the stricter one.
 */
public enum CallClass {

    /** {@code /actuator/health} and its groups: always open, for probes. */
    HEALTH,
    /**
     * GET or HEAD of the dashboard's page and its assets ({@code /dashboard}, {@code /dashboard/app.js}), of the
     * API's description ({@code /v3/api-docs}, {@code /v3/api-docs.yaml}) and of Swagger UI
     * ({@code /swagger-ui/index.html}...): always open, since they hold no data; the calls the pages make are
     * classed like any other.
     */
    PAGE,
    /** GET, HEAD or OPTIONS of anything else: functions, sources, activations, languages, workers, strategy, actuator. */
    READ,
    /** {@code POST /invoke} (sync or async), {@code POST /function/{name}} and {@code POST /async-function/{name}}. */
    INVOKE,
    /** Every other call: deploy, update, delete, strategy change, and any write not listed above. */
    MANAGE;

    private static final Pattern HEALTH_PATH = Pattern.compile("/actuator/health(/[A-Za-z0-9_-]+)*");
    private static final Pattern PAGE_PATH = Pattern.compile("/dashboard/?|/dashboard/[a-z0-9-]+\\.(html|js|css|svg)"
            + "|/v3/api-docs(\\.yaml)?|/swagger-ui(\\.html|/)?|/swagger-ui/[a-z0-9-]+\\.(html|js|css|png)");
    private static final Pattern INVOKE_PATH = Pattern.compile("/invoke|/(async-)?function/[A-Za-z0-9_-]+");

    /** Classifies a call by its method and raw (undecoded) request path. */
    public static CallClass of(String method, String rawPath) {
        if (HEALTH_PATH.matcher(rawPath).matches()) {
            return HEALTH;
        }
        if (("GET".equals(method) || "HEAD".equals(method)) && PAGE_PATH.matcher(rawPath).matches()) {
            return PAGE;
        }
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            case "POST" -> INVOKE_PATH.matcher(rawPath).matches() ? INVOKE : MANAGE;
            default -> MANAGE;
        };
    }
}
