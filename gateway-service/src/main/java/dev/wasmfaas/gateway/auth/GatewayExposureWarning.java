package dev.wasmfaas.gateway.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.wasmfaas.gateway.config.GatewayProperties;

/** Warns loudly, once at start, when the gateway listens beyond loopback without any API key. */
@Component
class GatewayExposureWarning implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(GatewayExposureWarning.class);

    private final GatewayProperties properties;
    private final Environment environment;

    GatewayExposureWarning(GatewayProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        warnIfExposed();
    }

    /** Logs the warning when it applies, and says whether it did. */
    boolean warnIfExposed() {
        String address = environment.getProperty("server.address");
        if (properties.auth().anyKey() || isLoopback(address)) {
            return false;
        }
        log.warn("""

                !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
                !!! The gateway listens on {} with NO API KEY: anyone who can reach it
                !!! can deploy and run code. Set faas.gateway.auth.api-key
                !!! (FAAS_GATEWAY_AUTH_API_KEY), or bind 127.0.0.1 (server.address).
                !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!""",
                address == null || address.isBlank() ? "every address" : address);
        return true;
    }

    // Unset means every interface; a name that does not resolve cannot be shown to be loopback.
    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address.strip()).isLoopbackAddress();
        } catch (UnknownHostException ex) {
            return false;
        }
    }
}
