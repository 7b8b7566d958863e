package dev.wasmfaas.server.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.wasmfaas.common.contract.Language;
import dev.wasmfaas.common.http.ProblemErrorPages;
import dev.wasmfaas.common.http.RawBodyFilter;
import dev.wasmfaas.server.config.ServerProperties;

/** Reads request bodies raw before anything could parse them as forms. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    // The gateway enforces the public limit on payloads; this one only protects the server itself.
    private static final long MAX_BODY = 64L * 1024 * 1024;

    // Errors Tomcat answers itself (a path it cannot decode, a TRACE) are problem details too, not HTML.
    @Bean
    ProblemErrorPages problemErrorPages() {
        return new ProblemErrorPages();
    }

    // The properties are asked for by uploads only, when they come.
    @Bean
    FilterRegistrationBean<RawBodyFilter> rawBodyFilter(ObjectProvider<ServerProperties> properties) {
        FilterRegistrationBean<RawBodyFilter> registration = new FilterRegistrationBean<>(
                new RawBodyFilter((request, query) -> bodyLimit(request, query, properties)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    // A deploy or an update carries a source, or a module with lang=wasm: the server owns those caps too.
    private static long bodyLimit(HttpServletRequest request, Map<String, List<String>> query,
            ObjectProvider<ServerProperties> properties) {
        String path = request.getRequestURI();
        boolean upload = ("/deploy".equals(path) && "POST".equals(request.getMethod()))
                || (path.startsWith("/functions/") && "PUT".equals(request.getMethod()));
        if (!upload) {
            return MAX_BODY;
        }
        List<String> lang = query.getOrDefault("lang", List.of());
        boolean module = lang.size() == 1 && Language.fromId(lang.getFirst()).filter(l -> l == Language.WASM).isPresent();
        return properties.getObject().compile().maxUploadBytes(module);
    }
}
