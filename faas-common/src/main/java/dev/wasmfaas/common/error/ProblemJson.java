package dev.wasmfaas.common.error;

import java.nio.charset.StandardCharsets;

/**
 * A problem detail written by hand, for the places that answer before (or outside) Spring MVC:
 * a filter that refuses a body, the servlet container refusing a request line. It holds
 * {@code type}, {@code title}, {@code status}, {@code detail} and {@code "ok": false}, as
 * {@link Problems} does.
 */
public final class ProblemJson {

    private ProblemJson() {
    }

    /** The problem of an exception of the platform, with its properties (numbers, booleans or text). */
    public static byte[] of(FaasException ex) {
        return of(ex, null);
    }

    /** The same, with the path of the request it answers as its {@code instance}, as Spring MVC writes it; or null. */
    public static byte[] of(FaasException ex, String instance) {
        StringBuilder json = new StringBuilder(json(ex.kind().status().value(), ex.kind(), ex.getMessage(), instance));
        json.setLength(json.length() - 1);
        ex.properties().forEach((name, value) -> json.append(",\"").append(escape(name)).append("\":")
                .append(value instanceof Number || value instanceof Boolean ? value.toString()
                        : "\"" + escape(String.valueOf(value)) + "\""));
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A problem with the type and title of {@code kind} and the status actually answered. */
    public static byte[] of(int status, ErrorKind kind, String detail) {
        return of(status, kind, detail, null);
    }

    /** The same, with the path of the request it answers as its {@code instance}; or null. */
    public static byte[] of(int status, ErrorKind kind, String detail, String instance) {
        return json(status, kind, detail, instance).getBytes(StandardCharsets.UTF_8);
    }

    private static String json(int status, ErrorKind kind, String detail, String instance) {
        return "{\"type\":\"" + kind.type() + "\",\"title\":\"" + escape(kind.title()) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail) + "\"" + (instance == null ? "" : ",\"instance\":\"" + escape(instance) + "\"")
                + ",\"ok\":false}";
    }

    /** The problem for a status the container answered on its own (a malformed request line, a 404...). */
    public static byte[] forStatus(int status) {
        // HTTP itself answers these two to a client's request (RFC 9112): the client's fault, not an internal error.
        if (status == 501) {
            return of(status, ErrorKind.BAD_REQUEST, "the request uses a transfer coding this server does not implement");
        }
        if (status == 505) {
            return of(status, ErrorKind.BAD_REQUEST, "this HTTP version is not supported; use HTTP/1.1");
        }
        ErrorKind kind = Problems.kindFor(status);
        return of(status, kind, switch (kind) {
            case NOT_FOUND -> "no such path";
            case METHOD_NOT_ALLOWED -> "this method is not allowed on this path";
            case PAYLOAD_TOO_LARGE -> "the request is too large";
            case INTERNAL -> "an internal error occurred; see the service log";
            case BAD_REQUEST -> "the request is malformed (request line, path, query or headers)";
            default -> kind.title();
        });
    }

    private static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
