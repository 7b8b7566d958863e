package dev.wasmfaas.common.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Makes Tomcat's connector listen on a UNIX-domain socket instead of a TCP port. The socket's
 * directory is created with mode 0700 and the socket itself gets mode 0600; a stale socket
 * file left by a killed process is removed first.
 */
public final class UnixSocketConnector implements TomcatConnectorCustomizer {

    private final Path socket;

    public UnixSocketConnector(Path socket) {
        this.socket = socket.toAbsolutePath().normalize();
    }

    @Override
    public void customize(Connector connector) {
        prepare(socket);
        connector.setProperty("unixDomainSocketPath", socket.toString());
        connector.setProperty("unixDomainSocketPathPermissions", "rw-------");
    }

    /** Creates the socket's directory with mode 0700 if it is missing, and removes a stale socket. */
    public static void prepare(Path socket) {
        try {
            Path dir = socket.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Files.deleteIfExists(socket);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare socket " + socket, ex);
        }
    }
}
