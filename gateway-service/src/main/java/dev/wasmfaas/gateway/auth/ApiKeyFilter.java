package dev.wasmfaas.gateway.auth;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Checks the API key of every call before its body is read; a refusal is answered through the
 * normal problem mapping. It reads only the method, the raw path and the Authorization header,
 * and never logs the header.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;
    private final HandlerExceptionResolver resolver;

    public ApiKeyFilter(ApiKeys keys, HandlerExceptionResolver resolver) {
        this.keys = keys;
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CallClass call = CallClass.of(request.getMethod(), request.getRequestURI());
        ApiKeys.Access access = keys.check(call, request.getHeader(HttpHeaders.AUTHORIZATION));
        if (access == ApiKeys.Access.ALLOWED) {
            chain.doFilter(request, response);
            return;
        }
        log.debug("{} {} refused: {} call, {}", request.getMethod(), request.getRequestURI(), call, access);
        if (request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            // The client may still be sending a body nobody will read: do not keep the connection for it.
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        resolver.resolveException(request, response, null, access == ApiKeys.Access.FORBIDDEN
                ? ApiKeyRefusedException.forbidden(call) : ApiKeyRefusedException.unauthorized());
    }
}
