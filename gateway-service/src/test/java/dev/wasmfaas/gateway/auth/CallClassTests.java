package dev.wasmfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every public path and method, and the unusual ones that must fall to a stricter class. */
class CallClassTests {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET,    /actuator/health,                HEALTH",
            "GET,    /actuator/health/liveness,       HEALTH",
            "GET,    /actuator/health/readiness,      HEALTH",
            "POST,   /invoke,                         INVOKE",
            "POST,   /function/hello,                 INVOKE",
            "POST,   /async-function/hello,           INVOKE",
            "POST,   /async-function/../deploy,       MANAGE",
            "GET,    /activations,                    READ",
            "GET,    /activations/0f1e-42,            READ",
            "DELETE, /activations/0f1e-42,            MANAGE",
            "POST,   /deploy,                         MANAGE",
            "PUT,    /functions/hello,                MANAGE",
            "DELETE, /functions/hello,                MANAGE",
            "PUT,    /system/strategy,                MANAGE",
            "POST,   /languages/refresh,              MANAGE",
            "GET,    /dashboard,                      PAGE",
            "GET,    /dashboard/,                     PAGE",
            "HEAD,   /dashboard/app.js,               PAGE",
            "GET,    /dashboard/dashboard.css,        PAGE",
            "GET,    /dashboard/favicon.svg,          PAGE",
            "GET,    /dashboard/../functions,         READ",
            "GET,    /dashboard/%2e%2e/functions,     READ",
            "GET,    /dashboard/app.js;x=y,           READ",
            "GET,    /dashboard/sub/app.js,           READ",
            "POST,   /dashboard,                      MANAGE",
            "GET,    /v3/api-docs,                    PAGE",
            "GET,    /v3/api-docs.yaml,               PAGE",
            "GET,    /swagger-ui.html,                PAGE",
            "GET,    /swagger-ui/,                    PAGE",
            "GET,    /swagger-ui/index.html,          PAGE",
            "GET,    /swagger-ui/swagger-ui-bundle.js, PAGE",
            "GET,    /swagger-ui/favicon-32x32.png,   PAGE",
            "GET,    /swagger-ui/../functions,        READ",
            "GET,    /v3/api-docs/../../functions,    READ",
            "POST,   /v3/api-docs,                    MANAGE",
            "PUT,    /dashboard/app.js,               MANAGE",
            "GET,    /functions,                      READ",
            "GET,    /functions/hello,                READ",
            "GET,    /function/hello,                 READ",
            "GET,    /languages,                      READ",
            "GET,    /system/workers,                 READ",
            "GET,    /system/strategy,                READ",
            "HEAD,   /functions,                      READ",
            "GET,    /actuator/prometheus,            READ",
            "GET,    /actuator/info,                  READ",
            "GET,    /actuator/health/../env,         READ",
            "GET,    /actuator/health;x=y,            READ",
            "GET,    /actuator/health%2F..%2Fenv,     READ",
            "GET,    /nowhere,                        READ",
            "POST,   /function/../deploy,             MANAGE",
            "POST,   /function/a%2Fb,                 MANAGE",
            "POST,   /invoke;x=y,                     MANAGE",
            "POST,   /actuator/loggers/root,          MANAGE",
            "PATCH,  /deploy,                         MANAGE" })
    void classifiesACall(String method, String path, CallClass expected) {
        assertThat(CallClass.of(method, path)).isEqualTo(expected);
    }
}
