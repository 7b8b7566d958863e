package dev.wasmfaas.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.wasmfaas.gateway.web.PageHeaders;

/**
 * Swagger UI under {@code /swagger-ui/}: the webjar's files, with the gateway's own initializer in front
 * (it points the page at {@code /v3/api-docs} and at no validator elsewhere), and its headers.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration implements WebMvcConfigurer {

    static final String PAGE = "/swagger-ui/index.html";
    /**
     * Scripts from the gateway only; Swagger UI sets inline styles and draws its icons from {@code data:} images,
     * which the policy allows; it calls no other origin.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/swagger-ui/**")
                .addResourceLocations("classpath:/static/swagger-ui/", "classpath:/" + WEBJAR + webjarVersion() + "/")
                .setCacheControl(CacheControl.noCache());
    }

    @Bean
    FilterRegistrationBean<PageHeaders> apiDocsHeaders() {
        FilterRegistrationBean<PageHeaders> registration = new FilterRegistrationBean<>(
                new PageHeaders(CONTENT_SECURITY_POLICY, path -> path.startsWith("/swagger-ui")));
        // After the gateway's own filters and after the route of POST /invoke (HIGHEST_PRECEDENCE + 4), which
        // answers before it: the invocation path never passes through this filter.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    // The webjar's version, from its own Maven descriptor: the pom pins it once.
    static String webjarVersion() {
        try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
                .getInputStream()) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException ex) {
            throw new UncheckedIOException("the swagger-ui webjar is missing", ex);
        }
    }
}
