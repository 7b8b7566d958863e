package dev.wasmfaas.common.contract;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The ids of invocations: a random UUID, checked as 1 to 64 of {@code [a-zA-Z0-9-]} wherever one is read. */
public final class ActivationId {

    /** The header that carries an invocation's activation id in every answer to it. */
    public static final String HEADER = "X-Activation-Id";

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9-]{1,64}");

    private ActivationId() {
    }

    /**
     * A new id in the form of a random (version 4) UUID. Ids name records, they grant nothing: a fast
     * generator serves, where {@link UUID#randomUUID()} would take the secure one's lock on every call.
     */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xf000L | 0x4000L;
        long low = random.nextLong() & ~(0xcL << 60) | 0x8L << 60;
        return new UUID(high, low).toString();
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
