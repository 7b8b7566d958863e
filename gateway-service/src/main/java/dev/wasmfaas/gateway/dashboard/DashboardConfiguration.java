package dev.wasmfaas.gateway.dashboard;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.wasmfaas.gateway.web.PageHeaders;

/** The dashboard's assets under {@code /dashboard/**}, and its headers on everything there. */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {

    /** Everything from the gateway itself: no inline script or style, no other origin. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // Asset names carry no version: the browser revalidates (304 when unchanged) rather than guess.
        registry.addResourceHandler("/dashboard/**").addResourceLocations("classpath:/" + DashboardController.ASSETS)
                .setCacheControl(CacheControl.noCache());
    }

    @Bean
    FilterRegistrationBean<PageHeaders> dashboardHeaders() {
        FilterRegistrationBean<PageHeaders> registration = new FilterRegistrationBean<>(new PageHeaders(
                CONTENT_SECURITY_POLICY, path -> path.equals("/dashboard") || path.startsWith("/dashboard/")));
        // After the gateway's own filters (key, body, rules): a call they refuse is a problem, not the page.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }
}
