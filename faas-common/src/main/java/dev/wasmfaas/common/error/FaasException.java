package dev.wasmfaas.common.error;

import java.util.Map;

/**
 * The root of the platform's exceptions: each carries its {@link ErrorKind} and may add
 * extra members to the problem detail (for example a compiler's diagnostics).
 */
public class FaasException extends RuntimeException {

    private final ErrorKind kind;
    private final Map<String, Object> properties;

    public FaasException(ErrorKind kind, String detail) {
        this(kind, detail, Map.of(), null);
    }

    public FaasException(ErrorKind kind, String detail, Map<String, Object> properties) {
        this(kind, detail, properties, null);
    }

    public FaasException(ErrorKind kind, String detail, Map<String, Object> properties, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.properties = Map.copyOf(properties);
    }

    public ErrorKind kind() {
        return kind;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
