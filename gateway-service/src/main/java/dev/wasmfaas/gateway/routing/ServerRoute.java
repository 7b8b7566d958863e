package dev.wasmfaas.gateway.routing;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Where a public request goes on the server: the same path and raw query. */
final class ServerRoute {

    private ServerRoute() {
    }

    /** The path and raw query of the request being handled on this thread. */
    static String currentTarget() {
        HttpServletRequest request = ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
                .getRequest();
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
