package dev.wasmfaas.common.http;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Jetty {@link HttpClient} that sends each request for a registered socket alias over that
 * UNIX-domain socket. Connections are pooled and kept alive per socket; TCP endpoints go
 * through the same client unchanged.
 */
public final class SocketHttpClient extends HttpClient {

    private final Map<String, Path> sockets = new ConcurrentHashMap<>();

    public SocketHttpClient(String name) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName(name + "-http");
        threads.setDaemon(true);
        setExecutor(threads);
        setMaxConnectionsPerDestination(256);
        setIdleTimeout(60_000);
        setFollowRedirects(false);
    }

    /** Makes requests to this endpoint's host travel over its socket. */
    public Endpoint register(Endpoint endpoint) {
        if (endpoint.isUnix()) {
            sockets.put(endpoint.host(), endpoint.socket());
        }
        return endpoint;
    }

    @Override
    public Request newRequest(URI uri) {
        Request request = super.newRequest(uri);
        Path socket = sockets.get(uri.getHost());
        return socket == null ? request : request.transport(new Transport.TCPUnix(socket));
    }
}
