package dev.wasmfaas.gateway.validation;

import dev.wasmfaas.common.contract.FunctionName;
import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.gateway.config.GatewayProperties;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the gateway checks itself, so that bad input is refused at the door with the same
 * problem the server would give, and never reaches it.
 */
public final class PublicRequestRules {

    private final GatewayProperties properties;

    public PublicRequestRules(GatewayProperties properties) {
        this.properties = properties;
    }

    /** The largest body accepted for this request: sources for deploys, payloads otherwise. */
    public long bodyLimit(HttpServletRequest request) {
        return isDeploy(request) ? properties.maxSourceBytes() : properties.maxPayloadBytes();
    }

    /** Throws the problem of the first rule the request breaks. */
    public void check(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (isDeploy(request)) {
            FunctionName.require(request.getParameter("name"));
            String lang = request.getParameter("lang");
            if (lang == null || lang.isBlank()) {
                throw new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE, "the language is missing (query parameter 'lang')");
            }
            if (Language.fromId(lang).isEmpty()) {
                throw new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE,
                        "unknown language; one of c, cpp, rust, go, wasm, js, python, php, html");
            }
        } else if (path.equals("/invoke") && "POST".equals(request.getMethod())) {
            String fn = request.getParameter("fn");
            if (fn == null || fn.isBlank()) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "the function is missing (query parameter 'fn')");
            }
        } else if (path.startsWith("/function/")) {
            String name = path.substring("/function/".length());
            if (!FunctionName.isValid(name)) {
                throw new FaasException(ErrorKind.INVALID_NAME,
                        "a function name is 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'");
            }
        }
    }

    private static boolean isDeploy(HttpServletRequest request) {
        return "/deploy".equals(request.getRequestURI()) && "POST".equals(request.getMethod());
    }
}
