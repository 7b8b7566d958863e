package dev.wasmfaas.common.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the balancer spreads invocations over the workers. */
public enum Strategy {
    /** The healthy workers in strict rotation. */
    RR,
    /** One queue in arrival order; a free slot takes the oldest waiting invocation. */
    FIFO,
    /** The worker with the lowest in-flight/weight ratio, ties by rotation. */
    WEIGHTED;

    public static Optional<Strategy> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(wanted)).findFirst();
    }
}
