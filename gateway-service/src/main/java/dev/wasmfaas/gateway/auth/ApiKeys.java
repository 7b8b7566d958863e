package dev.wasmfaas.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.wasmfaas.gateway.config.GatewayProperties;

/**
 * The configured API keys and the class of call each one opens. Keys are kept only as SHA-256
 * digests and compared in constant time, so neither a key's content nor its length leaks.
 */
public final class ApiKeys {

    /** The answer to the key a call presents. */
    public enum Access {
        ALLOWED, UNAUTHORIZED, FORBIDDEN
    }

    /** The kind of a configured key. */
    enum Role {
        API, MANAGEMENT, INVOKE
    }

    private static final String BEARER = "Bearer ";

    private final Map<Role, byte[]> digests = new EnumMap<>(Role.class);

    public ApiKeys(GatewayProperties.Auth auth) {
        put(Role.API, auth.apiKey());
        put(Role.MANAGEMENT, auth.managementKey());
        put(Role.INVOKE, auth.invokeKey());
    }

    /** True when no key is configured: every call is allowed, as before keys existed. */
    public boolean open() {
        return digests.isEmpty();
    }

    /** The access a call of this class gets with this {@code Authorization} header (null when absent). */
    public Access check(CallClass call, String authorization) {
        if (open() || call == CallClass.HEALTH || call == CallClass.PAGE) {
            return Access.ALLOWED;
        }
        Set<Role> roles = rolesOf(bearerToken(authorization));
        if (roles.isEmpty()) {
            return Access.UNAUTHORIZED;
        }
        return roles.stream().anyMatch(role -> opens(role, call)) ? Access.ALLOWED : Access.FORBIDDEN;
    }

    // The rule table. Management may also invoke: it can replace any function's code anyway.
    static boolean opens(Role role, CallClass call) {
        return switch (call) {
            case HEALTH, PAGE, READ, INVOKE -> true;
            case MANAGE -> role == Role.API || role == Role.MANAGEMENT;
        };
    }

    private Set<Role> rolesOf(String token) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (token == null) {
            return roles;
        }
        byte[] presented = sha256(token);
        // Every key is compared, matched or not, so the time taken says nothing about which matched.
        digests.forEach((role, digest) -> {
            if (MessageDigest.isEqual(presented, digest)) {
                roles.add(role);
            }
        });
        return roles;
    }

    private static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    private void put(Role role, String key) {
        if (GatewayProperties.Auth.isSet(key)) {
            digests.put(role, sha256(key.strip()));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
    }
}
