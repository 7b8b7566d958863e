package dev.wasmfaas.gateway.auth;

/**
 * A call refused for its key: 401 without a valid key, 403 with a valid key that does not open
 * this call. The message never contains the key. Refusals are routine, so no stack trace is taken.
 */
public final class ApiKeyRefusedException extends RuntimeException {

    /** The challenge sent with a 401. */
    public static final String CHALLENGE = "Bearer realm=\"wasm-faas\"";

    private static final long serialVersionUID = 1L;

    private final boolean forbidden;

    private ApiKeyRefusedException(boolean forbidden, String detail) {
        super(detail, null, false, false);
        this.forbidden = forbidden;
    }

    static ApiKeyRefusedException unauthorized() {
        return new ApiKeyRefusedException(false, "a valid API key is required: Authorization: Bearer <key>");
    }

    static ApiKeyRefusedException forbidden(CallClass call) {
        return new ApiKeyRefusedException(true, call == CallClass.MANAGE
                ? "this API key does not allow management calls; use the management key or the API key"
                : "this API key does not allow this call");
    }

    /** True for a valid key that does not open the call (403), false for a missing or wrong key (401). */
    public boolean forbidden() {
        return forbidden;
    }
}
