package dev.wasmfaas.common.tls;

import java.io.IOException;
import java.util.function.BiPredicate;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.lane.LaneAnswer;

/**
 * What the mutual-TLS listener ({@link TlsConnector}) serves: only the routes remote peers need (a worker's
 * registration, a module by digest), any other answered {@code 404}; and, when they are for remote peers alone
 * (modules), those routes only there, not on the service's own listener. A request came over the TLS listener
 * when it is secure: the service's own listener is a UNIX socket or plain HTTP.
 */
public final class TlsRoutes extends OncePerRequestFilter {

    private final BiPredicate<String, String> remoteRoute;
    private final boolean remoteOnly;

    /**
     * @param remoteRoute whether a method and path is a route of the TLS listener
     * @param remoteOnly whether those routes are refused on the service's own listener
     */
    public TlsRoutes(BiPredicate<String, String> remoteRoute, boolean remoteOnly) {
        this.remoteRoute = remoteRoute;
        this.remoteOnly = remoteOnly;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean remote = remoteRoute.test(request.getMethod(), path);
        if (request.isSecure() ? !remote : remote && remoteOnly) {
            LaneAnswer.refusal(404, ErrorKind.NOT_FOUND, request.isSecure()
                    ? "the mutual-TLS listener serves the routes of remote workers only"
                    : "this route is served on the mutual-TLS listener only", path).writeTo(response);
            return;
        }
        chain.doFilter(request, response);
    }
}
