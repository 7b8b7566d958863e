package dev.wasmfaas.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A throw-away certificate authority for tests, made with the JDK's own {@code keytool}: PEM files as an operator
 * makes them with openssl (docs/OPERATIONS.md), valid for two days, in a directory of the test's.
 */
public final class TestCertificates {

    private static final String PASSWORD = "throwaway";

    private final Path dir;
    private final String name;

    private TestCertificates(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    /** A new CA named {@code name}, its files in {@code dir}. */
    public static TestCertificates authority(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        TestCertificates ca = new TestCertificates(dir, name);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.store().toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.store().toString(), "-storepass", PASSWORD,
                "-file", ca.certificate().toString());
        return ca;
    }

    /** The CA's certificate (PEM): the trust store of every peer. */
    public Path certificate() {
        return dir.resolve(name + "-ca.crt");
    }

    /** A key and a certificate this CA signed, for clients and servers alike, with these IP addresses. */
    public Leaf issue(String leafName, String... ipAddresses) throws IOException {
        Path leafStore = dir.resolve(leafName + ".p12");
        Path request = dir.resolve(leafName + ".csr");
        Path cert = dir.resolve(leafName + ".crt");
        Path key = dir.resolve(leafName + ".key");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + leafName,
                "-validity", "2", "-keystore", leafStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "leaf", "-keystore", leafStore.toString(), "-storepass", PASSWORD, "-file",
                request.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store().toString(),
                "-storepass", PASSWORD, "-infile", request.toString(), "-outfile", cert.toString(), "-rfc",
                "-validity", "2", "-ext", "eku=serverAuth,clientAuth"));
        StringBuilder san = new StringBuilder("dns:localhost,ip:127.0.0.1");
        for (String ip : ipAddresses) {
            san.append(",ip:").append(ip);
        }
        sign.addAll(List.of("-ext", "san=" + san));
        keytool(sign.toArray(String[]::new));
        try (InputStream in = Files.newInputStream(leafStore)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, PASSWORD.toCharArray());
            PrivateKey privateKey = (PrivateKey) keyStore.getKey("leaf", PASSWORD.toCharArray());
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(privateKey.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException ex) {
            throw new IOException("cannot read the key of " + leafName, ex);
        }
        Files.delete(leafStore);
        Files.delete(request);
        return new Leaf(cert, key, certificate());
    }

    private Path store() {
        return dir.resolve(name + "-ca.p12");
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }

    /**
     * One peer's material: its certificate and key, and the CA it trusts.
     *
     * @param certificate its certificate (PEM)
     * @param key its private key (PEM, PKCS#8)
     * @param trusted the CA certificate it trusts (PEM)
     */
    public record Leaf(Path certificate, Path key, Path trusted) {

        /** As the {@code faas} bundle is built from {@code spring.ssl.bundle.pem.faas.*}. */
        public SslBundle bundle() {
            return SslBundle.of(new PemSslStoreBundle(
                    PemSslStoreDetails.forCertificate(certificate.toUri().toString()).withPrivateKey(key.toUri().toString()),
                    PemSslStoreDetails.forCertificate(trusted.toUri().toString())));
        }

        public SSLContext context() {
            return bundle().createSslContext();
        }

        /** The {@code --spring.ssl.bundle.pem.faas.*} arguments of a service. */
        public List<String> arguments() {
            return List.of("--spring.ssl.bundle.pem.faas.keystore.certificate=file:" + certificate,
                    "--spring.ssl.bundle.pem.faas.keystore.private-key=file:" + key,
                    "--spring.ssl.bundle.pem.faas.truststore.certificate=file:" + trusted);
        }
    }
}
