package dev.wasmfaas.gateway.validation;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.wasmfaas.common.error.FaasException;

/** Applies {@link PublicRequestRules}; a broken rule is answered through the normal problem mapping. */
public final class PublicRequestFilter extends OncePerRequestFilter {

    private final PublicRequestRules rules;
    private final HandlerExceptionResolver resolver;

    public PublicRequestFilter(PublicRequestRules rules, HandlerExceptionResolver resolver) {
        this.rules = rules;
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            rules.check(request);
        } catch (FaasException ex) {
            resolver.resolveException(request, response, null, ex);
            return;
        }
        chain.doFilter(request, response);
    }
}
