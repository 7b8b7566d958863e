package dev.wasmfaas.gateway.web;

import java.io.IOException;
import java.util.function.Predicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers of the gateway's own pages and their assets (the dashboard, Swagger UI): the page's
 * content security policy, never framed, never sniffed, no referrer.
 */
public final class PageHeaders extends OncePerRequestFilter {

    private final String contentSecurityPolicy;
    private final Predicate<String> paths;

    /**
     * @param contentSecurityPolicy the page's policy
     * @param paths the request paths (undecoded) the headers go on
     */
    public PageHeaders(String contentSecurityPolicy, Predicate<String> paths) {
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.paths = paths;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !paths.test(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        chain.doFilter(request, response);
    }
}
