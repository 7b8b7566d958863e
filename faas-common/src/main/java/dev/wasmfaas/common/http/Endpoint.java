package dev.wasmfaas.common.http;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a service listens: a UNIX-domain socket ({@code unix:/run/faas/server.sock}), a TCP
 * base URL ({@code http://balancer:8082}), or one over mutual TLS ({@code https://10.1.2.3:9443}, a
 * remote worker). A socket endpoint is addressed over HTTP through a host alias that
 * {@link ServiceClients} maps back to the socket file.
 *
 * @param socket the socket file, or {@code null} for TCP
 * @param baseUri the base URI that requests are made against
 */
public record Endpoint(Path socket, URI baseUri) {

    private static final String UNIX_PREFIX = "unix:";

    public static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an endpoint is 'unix:<socket path>', 'http://host:port' or 'https://host:port'");
        }
        if (text.startsWith(UNIX_PREFIX)) {
            return unix(Path.of(text.substring(UNIX_PREFIX.length())));
        }
        URI uri = URI.create(text);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an endpoint: " + text);
        }
        return new Endpoint(null, uri);
    }

    public static Endpoint unix(Path socket) {
        Path absolute = socket.toAbsolutePath().normalize();
        return new Endpoint(absolute, URI.create("http://" + aliasOf(absolute)));
    }

    public boolean isUnix() {
        return socket != null;
    }

    /** Whether calls to it go over TLS (an {@code https://} endpoint). */
    public boolean isTls() {
        return "https".equals(baseUri.getScheme());
    }

    /** The TCP port of a TCP endpoint: the URI's, or the scheme's default. */
    public int port() {
        int port = baseUri.getPort();
        return port > 0 ? port : isTls() ? 443 : 80;
    }

    /** The host name under which requests to this endpoint are made. */
    public String host() {
        return baseUri.getHost();
    }

    @Override
    public String toString() {
        return isUnix() ? UNIX_PREFIX + socket : baseUri.toString();
    }

    // A DNS-safe label unique per socket path, so every socket gets its own connection pool.
    private static String aliasOf(Path socket) {
        String file = socket.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String hash = Integer.toHexString(socket.toString().hashCode() & 0x7fffffff);
        return (file + "-" + hash).replaceAll("^-+", "") + ".sock.internal";
    }
}
