package dev.wasmfaas.load.options;

import java.time.Duration;

/** When the measured phase ends: after a number of requests, or after a length of time. */
public sealed interface Limit {

    /** Exactly {@code requests} measured requests. */
    record Count(int requests) implements Limit {
    }

    /** New requests until {@code duration} has passed; those in flight then still complete and count. */
    record Timed(Duration duration) implements Limit {
    }
}
