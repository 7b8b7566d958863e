package dev.wasmfaas.common.error;

/**
 * A downstream service answered with an error: its status and body are relayed unchanged,
 * so the problem detail reaches the client as the service that raised it wrote it.
 */
public class RemoteProblemException extends RuntimeException {

    private final int status;
    private final byte[] body;
    private final String contentType;
    private final String retryAfter;

    public RemoteProblemException(int status, byte[] body, String contentType) {
        this(status, body, contentType, null);
    }

    public RemoteProblemException(int status, byte[] body, String contentType, String retryAfter) {
        super("downstream answered " + status);
        this.status = status;
        this.body = body.clone();
        this.contentType = contentType;
        this.retryAfter = retryAfter;
    }

    /** The downstream's {@code Retry-After} header, relayed with its answer ({@code null} when absent). */
    public String retryAfter() {
        return retryAfter;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body.clone();
    }

    public String contentType() {
        return contentType;
    }
}
