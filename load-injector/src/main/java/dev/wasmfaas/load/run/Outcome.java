package dev.wasmfaas.load.run;

import java.io.IOException;

/**
 * How one request ended.
 *
 * @param status the key of its {@code status_} line: the HTTP status, {@code 200_fn_failed},
 *     {@code 200_bad_body} or {@code io}
 * @param failure what went wrong on the way, for a transport failure; otherwise {@code null}
 */
record Outcome(String status, String failure) {

    static final Outcome OK = new Outcome("200", null);
    /** 200 with {@code "ok":false}: the function ran and exited with a non-zero code. */
    static final Outcome FUNCTION_FAILED = new Outcome("200_fn_failed", null);
    /** 200 whose body has no top-level {@code "ok"} flag: something else than the gateway answered. */
    static final Outcome BAD_BODY = new Outcome("200_bad_body", null);
    static final String IO = "io";

    static Outcome status(int code) {
        return new Outcome(Integer.toString(code), null);
    }

    static Outcome transportFailure(IOException ex) {
        return new Outcome(IO, describe(ex));
    }

    /** The exception and its causes' messages: the client's own often has none ("ConnectException"). */
    private static String describe(Throwable ex) {
        StringBuilder text = new StringBuilder(ex.getClass().getName());
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && text.indexOf(cause.getMessage()) < 0) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    boolean ok() {
        return this.equals(OK);
    }

    /** Whether an HTTP answer came back, so that its latency means something. */
    boolean answered() {
        return !status.equals(IO);
    }
}
