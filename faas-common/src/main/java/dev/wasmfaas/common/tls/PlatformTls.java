package dev.wasmfaas.common.tls;

import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The platform's TLS material: the Spring Boot SSL bundle named {@code faas} (its key and certificate, and the
 * platform's CA as its trust store). Every TLS peer presents its certificate and requires one the CA signed.
 */
public final class PlatformTls {

    /** The bundle's name: {@code spring.ssl.bundle.pem.faas.*} (or {@code .jks.faas.*}). */
    public static final String BUNDLE = "faas";

    private PlatformTls() {
    }

    /** The bundle, when one is configured. */
    public static Optional<SslBundle> bundle(SslBundles bundles) {
        if (bundles == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(bundles.getBundle(BUNDLE));
        } catch (NoSuchSslBundleException ex) {
            return Optional.empty();
        }
    }

    /** The bundle's context, when one is configured. */
    public static Optional<SSLContext> context(SslBundles bundles) {
        return bundle(bundles).map(SslBundle::createSslContext);
    }

    /**
     * The bundle, for a listener or a client the configuration turned on.
     *
     * @throws IllegalStateException naming the missing settings
     */
    public static SslBundle required(SslBundles bundles, String needing) {
        return bundle(bundles).orElseThrow(() -> new IllegalStateException(needing
                + " needs the SSL bundle '" + BUNDLE + "': spring.ssl.bundle.pem." + BUNDLE
                + ".keystore.certificate, .keystore.private-key and .truststore.certificate"));
    }
}
