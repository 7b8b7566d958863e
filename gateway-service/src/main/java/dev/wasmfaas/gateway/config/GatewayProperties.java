package dev.wasmfaas.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the gateway ({@code faas.gateway.*}).
 *
 * @param server the server's endpoint ({@code unix:...} or {@code http://...})
 * @param maxSourceBytes largest function source accepted by a deploy (413 beyond)
 * @param maxPayloadBytes largest invocation payload (413 beyond)
 * @param readTimeout how long to wait for the server's answer (a deploy compiles, an invoke runs)
 */
@ConfigurationProperties("faas.gateway")
public record GatewayProperties(
        @DefaultValue("unix:run/server.sock") String server,
        @DefaultValue("1048576") long maxSourceBytes,
        @DefaultValue("1048576") long maxPayloadBytes,
        @DefaultValue("180s") Duration readTimeout) {
}
