package dev.wasmfaas.common.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** Decodes a URL query string ({@code a=1&b=x%20y&a=2}) strictly: a malformed escape is a 400. */
public final class QueryString {

    private QueryString() {
    }

    public static Map<String, List<String>> parse(String query) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return result;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    static Map<String, String[]> toArrays(Map<String, List<String>> query) {
        Map<String, String[]> arrays = new LinkedHashMap<>();
        query.forEach((k, v) -> arrays.put(k, v.toArray(String[]::new)));
        return Collections.unmodifiableMap(arrays);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "malformed query string: " + ex.getMessage());
        }
    }
}
