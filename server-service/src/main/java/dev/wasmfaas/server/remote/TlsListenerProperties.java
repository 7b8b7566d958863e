package dev.wasmfaas.server.remote;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The server's mutual-TLS listener ({@code faas.server.tls.*}), with the SSL bundle {@code faas}: remote workers
 * fetch artifacts there, {@code GET /modules/{sha256}}, and nothing else is served on it. Kept apart from
 * {@code ServerProperties} so that the pool's settings and these change independently.
 *
 * @param port its TCP port; 0 for none
 * @param address the address it binds
 */
@ConfigurationProperties("faas.server.tls")
public record TlsListenerProperties(@DefaultValue("0") int port, @DefaultValue("0.0.0.0") String address) {

    public TlsListenerProperties {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("faas.server.tls.port must be a port number, or 0 for none");
        }
    }
}
