package dev.wasmfaas.common.http;

import java.io.IOException;

/**
 * An exchange of a {@link ChannelHttpClient} failed below HTTP: no connection, a connection that broke,
 * no answer in time, or a call aborted.
 */
public final class ChannelHttpException extends IOException {

    private final boolean delivered;
    private final boolean timedOut;

    ChannelHttpException(String message, boolean delivered, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.delivered = delivered;
        this.timedOut = timedOut;
    }

    /** Whether the whole request had been written when it failed: one that was not never reached the server. */
    public boolean delivered() {
        return delivered;
    }

    /** Whether it failed because its deadline passed. */
    public boolean timedOut() {
        return timedOut;
    }
}
