package dev.wasmfaas.common.contract;

import java.util.UUID;
import java.util.regex.Pattern;

/** The ids of invocations: a random UUID, checked as 1 to 64 of {@code [a-zA-Z0-9-]} wherever one is read. */
public final class ActivationId {

    /** The header that carries an invocation's activation id in every answer to it. */
    public static final String HEADER = "X-Activation-Id";

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9-]{1,64}");

    private ActivationId() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
