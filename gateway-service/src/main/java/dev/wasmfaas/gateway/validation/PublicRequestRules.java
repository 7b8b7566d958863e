package dev.wasmfaas.gateway.validation;

import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.wasmfaas.common.contract.ActivationId;
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

    private static final String FUNCTION = "/function/";
    private static final String FUNCTIONS = "/functions/";
    private static final String ASYNC_FUNCTION = "/async-function/";
    private static final String ACTIVATIONS = "/activations";
    private static final Pattern LIMIT = Pattern.compile("[1-9][0-9]{0,8}");
    // Parameters that mean one thing: given twice, which one counts would be a guess.
    private static final List<String> SINGLE_VALUED = List.of("fn", "name", "lang", "timeoutMs", "memoryMb",
            "maxOutputKb", "stackKb", "async", "limit");

    private final GatewayProperties properties;

    public PublicRequestRules(GatewayProperties properties) {
        this.properties = properties;
    }

    /**
     * The largest body accepted for this request: a module for deploys and updates with {@code lang=wasm}, a
     * source for the other deploys and updates, a payload otherwise.
     */
    public long bodyLimit(HttpServletRequest request, Map<String, List<String>> query) {
        if (!carriesSource(request)) {
            return properties.maxPayloadBytes();
        }
        // lang given twice is refused later; until then the smaller cap holds
        List<String> lang = query.getOrDefault("lang", List.of());
        boolean module = lang.size() == 1 && Language.fromId(lang.getFirst()).filter(l -> l == Language.WASM).isPresent();
        return module ? properties.maxModuleBytes() : properties.maxSourceBytes();
    }

    /** Throws the problem of the first rule the request breaks. */
    public void check(HttpServletRequest request) {
        requireReadableContentType(request.getContentType());
        requireReadableAccept(request.getHeaders(HttpHeaders.ACCEPT));
        for (String parameter : SINGLE_VALUED) {
            String[] values = request.getParameterValues(parameter);
            if (values != null && values.length > 1) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "the query parameter '" + parameter
                        + "' is given " + values.length + " times; give it once");
            }
        }
        String path = request.getRequestURI();
        if (carriesSource(request)) {
            if (path.startsWith(FUNCTIONS)) {
                requireName(path.substring(FUNCTIONS.length()));
            } else {
                FunctionName.require(request.getParameter("name"));
            }
            requireLanguage(request.getParameter("lang"));
        } else if (path.equals("/invoke") && "POST".equals(request.getMethod())) {
            String fn = request.getParameter("fn");
            if (fn == null || fn.isBlank()) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "the function is missing (query parameter 'fn')");
            }
            String async = request.getParameter("async");
            if (async != null && !async.equalsIgnoreCase("true") && !async.equalsIgnoreCase("false")) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "async is true or false");
            }
        } else if (path.equals(ACTIVATIONS)) {
            checkActivationList(request.getParameter("fn"), request.getParameter("limit"));
        } else if (path.startsWith(ACTIVATIONS + "/")) {
            if (!ActivationId.isValid(path.substring(ACTIVATIONS.length() + 1))) {
                throw new FaasException(ErrorKind.BAD_REQUEST,
                        "an activation id is 1 to 64 characters of a-z, A-Z, 0-9 and '-'");
            }
        } else if (path.startsWith(ASYNC_FUNCTION)) {
            requireName(path.substring(ASYNC_FUNCTION.length()));
        } else if (path.startsWith(FUNCTION)) {
            requireName(path.substring(FUNCTION.length()));
        } else if (path.startsWith(FUNCTIONS)) {
            requireName(path.substring(FUNCTIONS.length()));
        }
    }

    // The server knows the largest limit; the door only refuses what is not a positive number.
    private static void checkActivationList(String fn, String limit) {
        if (fn != null && !FunctionName.isValid(fn)) {
            throw new FaasException(ErrorKind.INVALID_NAME,
                    "fn is a function name or id: 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'");
        }
        if (limit != null && !LIMIT.matcher(limit).matches()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "limit is a whole number from 1");
        }
    }

    // The body is passed on as raw bytes: a form or a multipart upload would reach the function as its envelope.
    private static void requireReadableContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (RuntimeException ex) {
            // InvalidMediaTypeException mostly, but a stray quote makes the parser fail out of bounds.
            throw new FaasException(ErrorKind.BAD_REQUEST, "the Content-Type header is malformed");
        }
        if ("multipart".equalsIgnoreCase(type.getType())) {
            throw new FaasException(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "send the source or the input as the raw body (curl --data-binary @file), not as a multipart form");
        }
    }

    // The proxy flow parses Accept to pass it on: an unparseable one would fail there, as a 500.
    private static void requireReadableAccept(Enumeration<String> accepts) {
        while (accepts != null && accepts.hasMoreElements()) {
            String accept = accepts.nextElement();
            try {
                MediaType.parseMediaTypes(accept);
            } catch (RuntimeException ex) {
                throw new FaasException(ErrorKind.BAD_REQUEST, "the Accept header is malformed");
            }
        }
    }

    private static void requireName(String name) {
        if (!FunctionName.isValid(name)) {
            throw new FaasException(ErrorKind.INVALID_NAME,
                    "a function name is 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'");
        }
    }

    private static void requireLanguage(String lang) {
        if (lang == null || lang.isBlank()) {
            throw new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE, "the language is missing (query parameter 'lang')");
        }
        if (Language.fromId(lang).isEmpty()) {
            throw new FaasException(ErrorKind.UNSUPPORTED_LANGUAGE,
                    "unknown language; one of c, cpp, rust, go, wasm, js, python, php, html");
        }
    }

    // A deploy, or an update (PUT /functions/{name}): the body is a function's source.
    private static boolean carriesSource(HttpServletRequest request) {
        String path = request.getRequestURI();
        return ("/deploy".equals(path) && "POST".equals(request.getMethod()))
                || (path.startsWith(FUNCTIONS) && "PUT".equals(request.getMethod()));
    }
}
