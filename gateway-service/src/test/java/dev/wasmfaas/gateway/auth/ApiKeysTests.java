package dev.wasmfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.wasmfaas.gateway.auth.ApiKeys.Access;
import dev.wasmfaas.gateway.config.GatewayProperties;

/** The rule table: every class of call against every kind of key. */
class ApiKeysTests {

    private static final String API = "api-secret";
    private static final String MANAGEMENT = "management-secret";
    private static final String INVOKE = "invoke-secret";

    private final ApiKeys keys = new ApiKeys(new GatewayProperties.Auth(API, MANAGEMENT, INVOKE));

    @ParameterizedTest(name = "{0} with {1} -> {2}")
    @CsvSource({
            "HEALTH, none,       ALLOWED", "HEALTH, wrong,      ALLOWED", "HEALTH, invoke,     ALLOWED",
            "READ,   none,       UNAUTHORIZED", "READ,   wrong,      UNAUTHORIZED", "READ,   basic,      UNAUTHORIZED",
            "READ,   api,        ALLOWED", "READ,   management, ALLOWED", "READ,   invoke,     ALLOWED",
            "INVOKE, none,       UNAUTHORIZED", "INVOKE, wrong,      UNAUTHORIZED",
            "INVOKE, api,        ALLOWED", "INVOKE, management, ALLOWED", "INVOKE, invoke,     ALLOWED",
            "MANAGE, none,       UNAUTHORIZED", "MANAGE, wrong,      UNAUTHORIZED", "MANAGE, basic,      UNAUTHORIZED",
            "MANAGE, api,        ALLOWED", "MANAGE, management, ALLOWED", "MANAGE, invoke,     FORBIDDEN" })
    void opensEachClassOfCallToItsKeys(CallClass call, String key, Access expected) {
        assertThat(keys.check(call, header(key))).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(CallClass.class)
    void isOpenWithoutAnyKey(CallClass call) {
        ApiKeys none = new ApiKeys(new GatewayProperties.Auth(null, " ", ""));

        assertThat(none.open()).isTrue();
        assertThat(none.check(call, null)).isEqualTo(Access.ALLOWED);
        assertThat(none.check(call, "Bearer anything")).isEqualTo(Access.ALLOWED);
    }

    @Test
    void closesManagementWhenOnlyAnInvokeKeyIsSet() {
        ApiKeys invokeOnly = new ApiKeys(new GatewayProperties.Auth(null, null, INVOKE));

        assertThat(invokeOnly.check(CallClass.INVOKE, "Bearer " + INVOKE)).isEqualTo(Access.ALLOWED);
        assertThat(invokeOnly.check(CallClass.MANAGE, "Bearer " + INVOKE)).isEqualTo(Access.FORBIDDEN);
        assertThat(invokeOnly.check(CallClass.MANAGE, null)).isEqualTo(Access.UNAUTHORIZED);
    }

    @Test
    void readsTheBearerSchemeAsCaseInsensitiveAndTheKeyAsExact() {
        assertThat(keys.check(CallClass.MANAGE, "bearer " + API)).isEqualTo(Access.ALLOWED);
        assertThat(keys.check(CallClass.MANAGE, "BEARER  " + API + " ")).isEqualTo(Access.ALLOWED);
        assertThat(keys.check(CallClass.MANAGE, "Bearer " + API.toUpperCase())).isEqualTo(Access.UNAUTHORIZED);
        assertThat(keys.check(CallClass.MANAGE, "Bearer " + API + "x")).isEqualTo(Access.UNAUTHORIZED);
        assertThat(keys.check(CallClass.MANAGE, "Bearer " + API.substring(1))).isEqualTo(Access.UNAUTHORIZED);
        assertThat(keys.check(CallClass.MANAGE, API)).isEqualTo(Access.UNAUTHORIZED);
        assertThat(keys.check(CallClass.MANAGE, "Bearer ")).isEqualTo(Access.UNAUTHORIZED);
    }

    @Test
    void neverPrintsAKey() {
        assertThat(new GatewayProperties.Auth(API, MANAGEMENT, INVOKE).toString())
                .doesNotContain(API, MANAGEMENT, INVOKE);
    }

    private static String header(String key) {
        return switch (key) {
            case "none" -> null;
            case "wrong" -> "Bearer not-a-key";
            case "basic" -> "Basic " + API;
            case "api" -> "Bearer " + API;
            case "management" -> "Bearer " + MANAGEMENT;
            case "invoke" -> "Bearer " + INVOKE;
            default -> throw new IllegalArgumentException(key);
        };
    }
}
