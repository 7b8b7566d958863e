package dev.wasmfaas.common.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * How an invocation travels between the server, the balancer and a worker: the function's stdin is
 * the request body and what it wrote is the answer's body (stdout, then stderr), byte for byte;
 * everything else is in {@code Faas-*} headers (text in {@link HeaderText}). Nothing is parsed or
 * written again on the way, so the balancer forwards both directions untouched.
 */
public final class InvocationWire {

    /** The body of both directions. */
    public static final String CONTENT_TYPE = "application/octet-stream";

    public static final String ACTIVATION_ID = "Faas-Activation-Id";
    public static final String FUNCTION_ID = "Faas-Function-Id";
    public static final String NAME = "Faas-Function-Name";
    public static final String LANG = "Faas-Lang";
    public static final String ARTIFACT = "Faas-Artifact";
    public static final String DIGEST = "Faas-Digest";
    public static final String TIMEOUT_MS = "Faas-Timeout-Ms";
    public static final String MEMORY_MB = "Faas-Memory-Mb";
    public static final String MAX_OUTPUT_BYTES = "Faas-Max-Output-Bytes";
    /** One per argument, in order. */
    public static final String ARG = "Faas-Arg";
    /** One per variable, {@code NAME=value}. */
    public static final String ENV = "Faas-Env";

    public static final String STATUS = "Faas-Status";
    public static final String EXIT_CODE = "Faas-Exit-Code";
    /** How many bytes of the answer's body are stdout; the rest is stderr. */
    public static final String STDOUT_BYTES = "Faas-Stdout-Bytes";
    public static final String DURATION_MS = "Faas-Duration-Ms";
    public static final String WORKER = "Faas-Worker";
    public static final String COLD_START = "Faas-Cold-Start";
    public static final String MESSAGE = "Faas-Message";

    private InvocationWire() {
    }

    /** Reads the headers of a request or an answer. */
    public interface Headers {

        /** The first value of the header, or null. */
        String first(String name);

        /** Every value of the header, in order. */
        List<String> all(String name);

        /** Spring's headers of a request or an answer. */
        static Headers of(HttpHeaders headers) {
            return new Headers() {
                @Override
                public String first(String name) {
                    return headers.getFirst(name);
                }

                @Override
                public List<String> all(String name) {
                    List<String> values = headers.get(name);
                    return values == null ? List.of() : values;
                }
            };
        }

        /** A servlet request's headers. */
        static Headers of(HttpServletRequest request) {
            return new Headers() {
                @Override
                public String first(String name) {
                    return request.getHeader(name);
                }

                @Override
                public List<String> all(String name) {
                    return Collections.list(request.getHeaders(name));
                }
            };
        }
    }

    /** Writes everything of the request but its input, which is the body. */
    public static void writeRequest(InvocationRequest request, BiConsumer<String, String> header) {
        header.accept(ACTIVATION_ID, HeaderText.encode(request.activationId()));
        put(header, FUNCTION_ID, request.functionId());
        put(header, NAME, request.name());
        put(header, LANG, request.lang());
        put(header, ARTIFACT, request.artifact());
        put(header, DIGEST, request.digest());
        header.accept(TIMEOUT_MS, Long.toString(request.limits().timeoutMs()));
        header.accept(MEMORY_MB, Integer.toString(request.limits().memoryMb()));
        header.accept(MAX_OUTPUT_BYTES, Integer.toString(request.limits().maxOutputBytes()));
        for (String arg : request.args()) {
            header.accept(ARG, HeaderText.encode(arg));
        }
        request.env().forEach((name, value) -> header.accept(ENV, HeaderText.encode(name + "=" + value)));
    }

    /** @throws FaasException {@code bad-request} when a header is missing or malformed */
    public static InvocationRequest readRequest(Headers headers, byte[] input) {
        try {
            Limits limits = new Limits(number(headers, TIMEOUT_MS), intNumber(headers, MEMORY_MB),
                    intNumber(headers, MAX_OUTPUT_BYTES));
            List<String> args = new ArrayList<>();
            for (String arg : headers.all(ARG)) {
                args.add(HeaderText.decode(arg));
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (String variable : headers.all(ENV)) {
                String pair = HeaderText.decode(variable);
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException(ENV + " is NAME=value");
                }
                env.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            return new InvocationRequest(required(headers, ACTIVATION_ID), text(headers, FUNCTION_ID),
                    text(headers, NAME), text(headers, LANG), text(headers, ARTIFACT), text(headers, DIGEST), input,
                    args, env, limits);
        } catch (IllegalArgumentException ex) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "malformed invocation: " + ex.getMessage());
        }
    }

    /** The answer's body (stdout then stderr, UTF-8) and the headers that describe it. */
    public static byte[] writeResult(InvocationResult result, BiConsumer<String, String> header) {
        byte[] stdout = utf8(result.stdout());
        byte[] stderr = utf8(result.stderr());
        byte[] body = new byte[stdout.length + stderr.length];
        System.arraycopy(stdout, 0, body, 0, stdout.length);
        System.arraycopy(stderr, 0, body, stdout.length, stderr.length);
        put(header, ACTIVATION_ID, result.activationId());
        header.accept(STATUS, result.status().name());
        header.accept(EXIT_CODE, Integer.toString(result.exitCode()));
        header.accept(STDOUT_BYTES, Integer.toString(stdout.length));
        header.accept(DURATION_MS, Long.toString(result.durationMs()));
        put(header, WORKER, result.worker());
        header.accept(COLD_START, Boolean.toString(result.coldStart()));
        put(header, MESSAGE, result.message());
        return body;
    }

    /** @throws IllegalArgumentException when the answer is not one {@link #writeResult} wrote */
    public static InvocationResult readResult(Headers headers, byte[] body) {
        long stdoutBytes = number(headers, STDOUT_BYTES);
        if (stdoutBytes < 0 || stdoutBytes > body.length) {
            throw new IllegalArgumentException(STDOUT_BYTES + " is not within the body");
        }
        String status = headers.first(STATUS);
        if (status == null) {
            throw new IllegalArgumentException(STATUS + " is missing");
        }
        return new InvocationResult(text(headers, ACTIVATION_ID),
                InvocationStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                intNumber(headers, EXIT_CODE),
                new String(body, 0, (int) stdoutBytes, StandardCharsets.UTF_8),
                new String(body, (int) stdoutBytes, body.length - (int) stdoutBytes, StandardCharsets.UTF_8),
                number(headers, DURATION_MS), text(headers, WORKER), text(headers, MESSAGE),
                Boolean.parseBoolean(headers.first(COLD_START)));
    }

    private static void put(BiConsumer<String, String> header, String name, String value) {
        if (value != null) {
            header.accept(name, HeaderText.encode(value));
        }
    }

    private static String text(Headers headers, String name) {
        String value = headers.first(name);
        return value == null ? null : HeaderText.decode(value);
    }

    private static String required(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    private static long number(Headers headers, String name) {
        String value = headers.first(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return Long.parseLong(value.trim());
    }

    private static int intNumber(Headers headers, String name) {
        long value = number(headers, name);
        if (value != (int) value) {
            throw new IllegalArgumentException(name + " is out of range");
        }
        return (int) value;
    }

    private static byte[] utf8(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
