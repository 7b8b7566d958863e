package dev.wasmfaas.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

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

    private final ToLongFunction<HttpServletRequest> limit;

    /** @param limit the largest body accepted for a request */
    public RawBodyFilter(ToLongFunction<HttpServletRequest> limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = limit.applyAsLong(request);
        Map<String, List<String>> query;
        byte[] body;
        try {
            query = QueryString.parse(request.getQueryString());
            if (request.getContentLengthLong() > max) {
                throw tooLarge(max);
            }
            body = read(request.getInputStream(), max);
        } catch (FaasException ex) {
            reject(response, ex);
            return;
        }
        chain.doFilter(new RawBodyRequest(request, body, query), response);
    }

    private static byte[] read(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + (long) n > max) {
                throw tooLarge(max);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
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
