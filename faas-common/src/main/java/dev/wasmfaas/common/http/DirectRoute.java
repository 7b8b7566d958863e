package dev.wasmfaas.common.http;

import java.io.IOException;
import java.util.function.Predicate;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * One internal route served ahead of Spring MVC, as a filter early in the chain: a request with its
 * method and exact path goes straight to its handler, any other goes on down the chain. A failure is
 * answered through the service's problem mapping, as the controller's would be.
 *
 * <p>For {@code POST /invoke} between the services, which carries every invocation: the rest of the
 * chain (character encoding, form content, request context, the observation the invocation path leaves
 * out anyway) and the dispatcher's handler look-up and argument handling cost as much as the call's own
 * work (docs/DECISIONS.md). The route's controller keeps its mapping, which answers wherever this filter
 * is not registered.
 */
public final class DirectRoute implements Filter {

    /** What serves the route; it writes the whole answer. */
    @FunctionalInterface
    public interface Handler {

        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final String method;
    private final String path;
    private final Predicate<HttpServletRequest> takes;
    private final Handler handler;
    private final HandlerExceptionResolver problems;

    public DirectRoute(String method, String path, Handler handler, HandlerExceptionResolver problems) {
        this(method, path, request -> true, handler, problems);
    }

    /** @param takes whether the handler takes a request of the route; one it does not goes on down the chain */
    public DirectRoute(String method, String path, Predicate<HttpServletRequest> takes, Handler handler,
            HandlerExceptionResolver problems) {
        this.method = method;
        this.path = path;
        this.takes = takes;
        this.handler = handler;
        this.problems = problems;
    }

    /** This filter registered for its path only, at {@code order} in the chain. */
    public FilterRegistrationBean<DirectRoute> registration(int order) {
        FilterRegistrationBean<DirectRoute> registration = new FilterRegistrationBean<>(this);
        registration.addUrlPatterns(path);
        registration.setOrder(order);
        return registration;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer)
                || !method.equals(http.getMethod()) || !path.equals(http.getRequestURI()) || !takes.test(http)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            handler.handle(http, answer);
        } catch (IOException | RuntimeException ex) {
            if (answer.isCommitted() || problems.resolveException(http, answer, null, ex) == null) {
                throw ex;
            }
        }
    }
}
