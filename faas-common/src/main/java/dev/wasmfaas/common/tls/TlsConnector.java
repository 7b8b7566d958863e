package dev.wasmfaas.common.tls;

import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.tomcat.SslConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * A second Tomcat connector on a TCP port with mutual TLS (the {@code faas} bundle; a client certificate the
 * platform's CA signed is required), beside the service's own listener. What it may reach is narrowed by a
 * {@link TlsRoutes} filter.
 */
public final class TlsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Log log = LogFactory.getLog(TlsConnector.class);

    private final String address;
    private final int port;
    private final SslBundle bundle;

    public TlsConnector(String address, int port, SslBundle bundle) {
        this.address = address;
        this.port = port;
        this.bundle = bundle;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(port);
        connector.setProperty("address", address);
        new SslConnectorCustomizer(log, connector, Ssl.ClientAuth.NEED).customize(bundle, Map.of());
        factory.addAdditionalConnectors(connector);
    }
}
