package dev.wasmfaas.common.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemJson;

/**
 * Reads each request body whole, up to a per-request limit (413 beyond, answered before the
 * rest is read), and hands on a {@link RawBodyRequest}. Register it first in the chain.
 */
public final class RawBodyFilter extends OncePerRequestFilter {

    // The largest array a JVM allocates, less a margin.
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    // A declared body up to this size gets an array of its size before it arrives.
    private static final long EXACT_READ_BYTES = 16 * 1024;

    /** The largest body accepted for a request, which may depend on its (strictly decoded) query parameters. */
    @FunctionalInterface
    public interface BodyLimit {

        long of(HttpServletRequest request, Map<String, List<String>> query);
    }

    private final BodyLimit limit;

    /** @param limit the largest body accepted for a request */
    public RawBodyFilter(BodyLimit limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, List<String>> query;
        byte[] body;
        try {
            query = QueryString.parse(request.getQueryString());
            long max = Math.min(limit.of(request, query), MAX_ARRAY - 1);
            if (request.getContentLengthLong() > max) {
                throw tooLarge(max);
            }
            body = read(request.getInputStream(), request.getContentLengthLong(), max);
        } catch (FaasException ex) {
            reject(response, ex);
            return;
        }
        chain.doFilter(new RawBodyRequest(request, body, query), response);
    }

    // A small declared body is read into an array of its size. Otherwise readNBytes keeps what arrives in
    // buffers of 16 KiB and copies it once into an array of the exact size: the memory follows what the client
    // sent (never what it declared), and a large body is not copied as it grows. Reading every body that way
    // allocated 16 KiB per invocation, two thirds of the gateway's allocation.
    private static byte[] read(InputStream in, long declared, long max) throws IOException {
        if (declared >= 0 && declared <= EXACT_READ_BYTES) {
            byte[] body = new byte[(int) declared];
            int read = in.readNBytes(body, 0, body.length);
            // The container ends the stream at the declared length, or earlier when the client stopped sending.
            return read == body.length ? body : Arrays.copyOf(body, read);
        }
        byte[] body = in.readNBytes((int) (max + 1));
        if (body.length > max) {
            throw tooLarge(max);
        }
        return body;
    }

    private static FaasException tooLarge(long max) {
        return new FaasException(ErrorKind.PAYLOAD_TOO_LARGE, "the request body is larger than " + max + " bytes");
    }

    private static void reject(HttpServletResponse response, FaasException ex) throws IOException {
        response.setStatus(ex.kind().status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // The client may still be sending; closing avoids reading an oversized body to its end.
        response.setHeader("Connection", "close");
        response.getOutputStream().write(ProblemJson.of(ex));
    }
}
