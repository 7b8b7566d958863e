package dev.wasmfaas.gateway.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the gateway ({@code faas.gateway.*}).
 *
 * @param server the server's endpoint ({@code unix:...} or {@code http://...})
 * @param maxSourceBytes largest function source accepted by a deploy or an update (413 beyond)
 * @param maxModuleBytes largest WebAssembly module accepted by a deploy or an update with {@code lang=wasm} (413 beyond)
 * @param maxPayloadBytes largest invocation payload (413 beyond)
 * @param readTimeout how long to wait for the server's answer (a deploy compiles, an invoke runs)
 * @param auth the API keys ({@code faas.gateway.auth.*}); none configured means an open gateway
 */
@ConfigurationProperties("faas.gateway")
public record GatewayProperties(
        @DefaultValue("unix:run/server.sock") String server,
        @DefaultValue("1048576") long maxSourceBytes,
        @DefaultValue("33554432") long maxModuleBytes,
        @DefaultValue("1048576") long maxPayloadBytes,
        @DefaultValue("180s") Duration readTimeout,
        @DefaultValue Auth auth) {

    /**
     * API keys, each sent as {@code Authorization: Bearer <key>}; a blank key counts as not set.
     *
     * @param apiKey opens every call ({@code FAAS_GATEWAY_AUTH_API_KEY})
     * @param managementKey opens management (deploy, update, delete, strategy), reads and invocations
     *        ({@code FAAS_GATEWAY_AUTH_MANAGEMENT_KEY})
     * @param invokeKey opens invocations and reads ({@code FAAS_GATEWAY_AUTH_INVOKE_KEY})
     */
    public record Auth(String apiKey, String managementKey, String invokeKey) {

        /** No key: the gateway is open, as it was before keys existed. */
        public static Auth none() {
            return new Auth(null, null, null);
        }

        public boolean anyKey() {
            return isSet(apiKey) || isSet(managementKey) || isSet(invokeKey);
        }

        public static boolean isSet(String key) {
            return key != null && !key.isBlank();
        }

        // A record prints its components: keep the keys out of any log or dump of the configuration.
        @Override
        public String toString() {
            return "Auth[apiKey=" + mask(apiKey) + ", managementKey=" + mask(managementKey) + ", invokeKey="
                    + mask(invokeKey) + "]";
        }

        private static String mask(String key) {
            return isSet(key) ? "******" : "none";
        }
    }
}
