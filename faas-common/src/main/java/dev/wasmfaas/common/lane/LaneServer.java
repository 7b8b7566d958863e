package dev.wasmfaas.common.lane;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.http.HeadBuffer;
import dev.wasmfaas.common.http.PollingChannel;
import dev.wasmfaas.common.http.UnixSocketConnector;
import dev.wasmfaas.common.tls.TlsChannel;

/**
 * One route, {@code POST /invoke} between the platform's own services, served on a UNIX-domain socket
 * of its own by blocking HTTP/1.1: each connection has a thread that reads a request, runs the handler
 * and writes the answer, with no hand-over between threads. The servlet container's poller hands every
 * request to a worker thread and back, and its filter chain and request objects cost, per call, more
 * than a proxying hop's own work (docs/DECISIONS.md). Callers keep their connections alive, so a
 * thread per connection means a handful of threads.
 *
 * <p>Requests carry their body by {@code Content-Length}; a chunked one is refused (501), as are a
 * head over 16 KiB (431), a body over the limit (413), another path (404) or method (405), each as a
 * problem, after which the connection is closed. The socket gets mode 0600 in a directory of mode 0700.
 *
 * <p>A remote worker serves the same route on a TCP port with mutual TLS instead ({@link #overTls}): a peer
 * whose certificate the platform's CA did not sign, or that sends no certificate or no TLS at all, fails the
 * handshake and is disconnected before a byte of HTTP is read.
 */
public final class LaneServer implements SmartLifecycle, AutoCloseable {

    /** Started right after the servlet container, so that a lane listens only where the service is up; stopped before it. */
    public static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE + 1;

    private static final Logger log = LoggerFactory.getLogger(LaneServer.class);
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int MAX_CONNECTIONS = 1024;
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** The probe's route, when the lane has one ({@link #withProbe}). */
    public static final String HEALTH_METHOD = "GET";
    public static final String HEALTH_PATH = "/health";
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final Path socket;
    private final InetSocketAddress tcpAddress;
    private final SSLContext tls;
    private final String method;
    private final String path;
    private final int maxBodyBytes;
    private final LaneHandler handler;
    private volatile LaneHandler probe;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private volatile ServerSocketChannel listener;
    private volatile SSLServerSocket tlsListener;
    private volatile boolean closing;

    public LaneServer(Path socket, String method, String path, int maxBodyBytes, LaneHandler handler) {
        this(socket.toAbsolutePath().normalize(), null, null, method, path, maxBodyBytes, handler);
    }

    private LaneServer(Path socket, InetSocketAddress tcpAddress, SSLContext tls, String method, String path,
            int maxBodyBytes, LaneHandler handler) {
        this.socket = socket;
        this.tcpAddress = tcpAddress;
        this.tls = tls;
        this.method = method;
        this.path = path;
        this.maxBodyBytes = maxBodyBytes;
        this.handler = handler;
    }

    /**
     * The route served on a TCP address with mutual TLS: {@code tls} presents this service's certificate and
     * requires the peer's, signed by a CA it trusts.
     */
    public static LaneServer overTls(InetSocketAddress address, SSLContext tls, String method, String path,
            int maxBodyBytes, LaneHandler handler) {
        return new LaneServer(null, address, tls, method, path, maxBodyBytes, handler);
    }

    /** The socket file, or null for a lane over TLS. */
    public Path socket() {
        return socket;
    }

    /** The TCP port a lane over TLS listens on once started (the one chosen when it was given 0), else -1. */
    public int port() {
        SSLServerSocket server = tlsListener;
        return server == null ? -1 : server.getLocalPort();
    }

    /**
     * Also answers {@code GET /health}, with what {@code probe} says: the balancer's health probe, on code
     * that invocations keep compiled (the servlet container's health path, taken once every few seconds,
     * stays interpreted and cost milliseconds of CPU per probe).
     */
    public LaneServer withProbe(LaneHandler probe) {
        this.probe = probe;
        return this;
    }

    /** Binds the socket (removing a stale one) and starts accepting. */
    @Override
    public synchronized void start() {
        if (listener != null || tlsListener != null) {
            return;
        }
        if (tls != null) {
            startTls();
            return;
        }
        try {
            UnixSocketConnector.prepare(socket);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            listener = channel;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot listen on " + socket, ex);
        }
        Thread.ofPlatform().daemon().name("lane-accept").start(this::accept);
        log.info("{} {} served on unix:{}", method, path, socket);
    }

    private void startTls() {
        try {
            SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(
                    tcpAddress.getPort(), 128, tcpAddress.getAddress());
            server.setNeedClientAuth(true);
            tlsListener = server;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot listen on " + tcpAddress, ex);
        }
        Thread.ofPlatform().daemon().name("lane-accept-tls").start(this::acceptTls);
        log.info("{} {} served on https://{}:{} (mutual TLS)", method, path, tcpAddress.getHostString(), port());
    }

    private void acceptTls() {
        SSLServerSocket server = tlsListener;
        while (!server.isClosed()) {
            SSLSocket accepted;
            try {
                accepted = (SSLSocket) server.accept();
            } catch (IOException ex) {
                if (server.isClosed()) {
                    return;
                }
                log.warn("lane {}: accept failed: {}", tcpAddress, ex.getMessage());
                continue;
            }
            if (closing || open.size() >= MAX_CONNECTIONS) {
                quietly(accepted);
                continue;
            }
            // The handshake runs on the connection's own thread: a slow or hostile peer holds nothing else.
            Thread.ofPlatform().daemon().name("lane-" + threads.incrementAndGet()).start(() -> {
                TlsChannel channel;
                try {
                    accepted.setTcpNoDelay(true);
                    channel = TlsChannel.server(accepted, HANDSHAKE_TIMEOUT);
                } catch (IOException ex) {
                    log.info("lane {}: refused a peer from {}: {}", tcpAddress, accepted.getRemoteSocketAddress(),
                            ex.getMessage());
                    return;
                }
                Connection connection = new Connection(channel, channel);
                open.add(connection);
                if (closing) {
                    connection.closeIfIdle();
                }
                connection.serve();
            });
        }
    }

    private void accept() {
        ServerSocketChannel channel = listener;
        while (channel.isOpen()) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (ClosedChannelException ex) {
                return;
            } catch (IOException ex) {
                log.warn("lane {}: accept failed: {}", socket, ex.getMessage());
                continue;
            }
            if (closing || open.size() >= MAX_CONNECTIONS) {
                quietly(accepted);
                continue;
            }
            PollingChannel polled;
            try {
                polled = PollingChannel.of(accepted);
            } catch (IOException ex) {
                log.warn("lane {}: cannot take a connection: {}", socket, ex.getMessage());
                continue;
            }
            Connection connection = new Connection(polled, polled);
            open.add(connection);
            Thread.ofPlatform().daemon().name("lane-" + threads.incrementAndGet()).start(connection::serve);
        }
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public boolean isRunning() {
        return (listener != null || tlsListener != null) && !closing;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Stops accepting and removes the socket; idle connections are closed at once, and a call in
     * progress may finish (for up to 10 s) before its connection is closed.
     */
    @Override
    public void close() {
        closing = true;
        if (tlsListener != null) {
            quietly(tlsListener);
        }
        ServerSocketChannel channel = listener;
        if (channel != null) {
            quietly(channel);
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ex) {
                log.warn("lane {}: cannot remove the socket: {}", socket, ex.getMessage());
            }
        }
        long deadline = System.nanoTime() + CLOSE_GRACE_NANOS;
        while (true) {
            open.forEach(Connection::closeIfIdle);
            if (open.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        open.forEach(connection -> quietly(connection.channel));
    }

    private static void quietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A request the lane refuses before its handler, after which the connection closes. */
    private static final class Refused extends Exception {

        private final transient LaneAnswer answer;

        Refused(int status, ErrorKind kind, String detail) {
            super(detail, null, false, false);
            this.answer = LaneAnswer.refusal(status, kind, detail, null);
        }
    }

    private final class Connection {

        private final ByteChannel channel;
        private final GatheringByteChannel out;
        private final HeadBuffer answerHead = new HeadBuffer();
        private final byte[] buffer = new byte[MAX_HEAD_BYTES];
        private int start;
        private int end;
        private volatile boolean busy;

        // The same object twice: a socket channel, or a TLS session.
        Connection(ByteChannel channel, GatheringByteChannel out) {
            this.channel = channel;
            this.out = out;
        }

        void serve() {
            try {
                while (!closing) {
                    Head head;
                    LaneRequest request;
                    try {
                        head = readHead();
                        if (head == null) {
                            return;
                        }
                        busy = true;
                        request = head.request(readBody(head));
                    } catch (Refused refused) {
                        write(refused.answer, false);
                        return;
                    }
                    LaneAnswer answer;
                    try {
                        answer = head.handler().handle(request);
                    } catch (Exception | Error ex) {
                        answer = LaneAnswer.problem(ex, request.path());
                    }
                    write(answer, head.keepAlive() && !closing);
                    busy = false;
                    if (!head.keepAlive()) {
                        return;
                    }
                }
            } catch (IOException ex) {
                // The caller went away: nothing to answer to.
            } finally {
                open.remove(this);
                quietly(channel);
            }
        }

        void closeIfIdle() {
            if (!busy) {
                quietly(channel);
            }
        }

        // Null when the caller closed the connection between requests.
        private Head readHead() throws IOException, Refused {
            int from = start;
            while (true) {
                int endOfHead = indexOfBlankLine(from);
                if (endOfHead >= 0) {
                    Head head = Head.parse(new String(buffer, start, endOfHead - start, StandardCharsets.ISO_8859_1),
                            maxBodyBytes, LaneServer.this::route);
                    start = endOfHead + 4;
                    if (head.expectsContinue) {
                        writeFully(ByteBuffer.wrap(CONTINUE));
                    }
                    return head;
                }
                from = Math.max(start, end - 3);
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    from -= start;
                    end -= start;
                    start = 0;
                }
                if (end == buffer.length) {
                    throw new Refused(431, ErrorKind.BAD_REQUEST, "the request head is over " + MAX_HEAD_BYTES + " bytes");
                }
                int read = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end));
                if (read < 0) {
                    if (end == start) {
                        return null;
                    }
                    throw new EOFException("the caller closed the connection within a request");
                }
                end += read;
            }
        }

        private int indexOfBlankLine(int from) {
            for (int i = from; i + 3 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private byte[] readBody(Head head) throws IOException {
            byte[] body = new byte[head.contentLength];
            int buffered = Math.min(end - start, body.length);
            System.arraycopy(buffer, start, body, 0, buffered);
            start += buffered;
            ByteBuffer rest = ByteBuffer.wrap(body, buffered, body.length - buffered);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw new EOFException("the caller closed the connection within a request body");
                }
            }
            if (start == end) {
                start = end = 0;
            }
            return body;
        }

        private void write(LaneAnswer answer, boolean keepAlive) throws IOException {
            HeadBuffer head = answerHead.clear().append("HTTP/1.1 ").append(answer.status()).append(' ')
                    .append(reason(answer.status())).crlf()
                    .header("Content-Type", answer.contentType())
                    .append("Content-Length: ").append(answer.body().length).crlf();
            for (String[] header : answer.headers()) {
                head.header(header[0], header[1]);
            }
            if (!keepAlive) {
                head.header("Connection", "close");
            }
            head.crlf();
            writeFully(head.buffer(), ByteBuffer.wrap(answer.body()));
        }

        private void writeFully(ByteBuffer... buffers) throws IOException {
            ByteBuffer last = buffers[buffers.length - 1];
            while (last.hasRemaining() || buffers[0].hasRemaining()) {
                out.write(buffers);
            }
        }

        private static String reason(int status) {
            HttpStatus known = HttpStatus.resolve(status);
            return known == null ? "" : known.getReasonPhrase();
        }
    }

    // The handler of a request's method and path: the lane's route, or the probe where there is one.
    private LaneHandler route(String requestMethod, String requestPath) throws Refused {
        LaneHandler probed = probe;
        if (requestPath.equals(path)) {
            if (!requestMethod.equals(method)) {
                throw new Refused(405, ErrorKind.METHOD_NOT_ALLOWED, path + " takes " + method + " only");
            }
            return handler;
        }
        if (probed != null && requestPath.equals(HEALTH_PATH)) {
            if (!requestMethod.equals(HEALTH_METHOD)) {
                throw new Refused(405, ErrorKind.METHOD_NOT_ALLOWED, HEALTH_PATH + " takes GET only");
            }
            return probed;
        }
        throw new Refused(404, ErrorKind.NOT_FOUND, "this socket serves " + method + " " + path + " only");
    }

    /** Finds the handler of a request's method and path, or refuses the request. */
    @FunctionalInterface
    private interface Router {

        LaneHandler route(String method, String path) throws Refused;
    }

    /** A request's head, with the handler its method and path lead to. */
    private record Head(String method, String target, List<String[]> headers, int contentLength, boolean keepAlive,
            boolean expectsContinue, LaneHandler handler) {

        static Head parse(String text, int maxBodyBytes, Router router) throws Refused {
            int lineEnd = text.indexOf("\r\n");
            String requestLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
            int first = requestLine.indexOf(' ');
            int second = requestLine.indexOf(' ', first + 1);
            if (first <= 0 || second <= first + 1 || requestLine.indexOf(' ', second + 1) >= 0) {
                throw new Refused(400, ErrorKind.BAD_REQUEST, "the request line is not 'METHOD target HTTP/1.1'");
            }
            String version = requestLine.substring(second + 1);
            if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                throw new Refused(505, ErrorKind.BAD_REQUEST, "this HTTP version is not supported; use HTTP/1.1");
            }
            List<String[]> headers = new ArrayList<>(16);
            int contentLength = -1;
            boolean close = version.equals("HTTP/1.0");
            boolean expectsContinue = false;
            int at = lineEnd < 0 ? text.length() : lineEnd + 2;
            while (at < text.length()) {
                int next = text.indexOf("\r\n", at);
                String line = next < 0 ? text.substring(at) : text.substring(at, next);
                at = next < 0 ? text.length() : next + 2;
                int colon = line.indexOf(':');
                if (colon <= 0 || Character.isWhitespace(line.charAt(colon - 1))) {
                    throw new Refused(400, ErrorKind.BAD_REQUEST, "a header line is not 'name: value'");
                }
                String name = line.substring(0, colon);
                String value = line.substring(colon + 1).strip();
                headers.add(new String[] {name, value});
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "content-length" -> {
                        if (contentLength >= 0) {
                            throw new Refused(400, ErrorKind.BAD_REQUEST, "the request has more than one Content-Length");
                        }
                        contentLength = contentLength(value, maxBodyBytes);
                    }
                    case "transfer-encoding" -> throw new Refused(501, ErrorKind.BAD_REQUEST,
                            "the request uses a transfer coding this server does not implement");
                    case "connection" -> close = close || value.toLowerCase(Locale.ROOT).contains("close");
                    case "expect" -> expectsContinue = value.equalsIgnoreCase("100-continue");
                    default -> {
                        // passed to the handler as is
                    }
                }
            }
            String requestMethod = requestLine.substring(0, first);
            String target = requestLine.substring(first + 1, second);
            int question = target.indexOf('?');
            String requestPath = question < 0 ? target : target.substring(0, question);
            LaneHandler handler = router.route(requestMethod, requestPath);
            return new Head(requestMethod, target, headers, Math.max(0, contentLength), !close, expectsContinue,
                    handler);
        }

        private static int contentLength(String value, int maxBodyBytes) throws Refused {
            long length;
            try {
                length = Long.parseLong(value);
            } catch (NumberFormatException ex) {
                throw new Refused(400, ErrorKind.BAD_REQUEST, "Content-Length is not a number");
            }
            if (length < 0) {
                throw new Refused(400, ErrorKind.BAD_REQUEST, "Content-Length is negative");
            }
            if (length > maxBodyBytes) {
                throw new Refused(413, ErrorKind.PAYLOAD_TOO_LARGE,
                        "the request body is over " + maxBodyBytes + " bytes");
            }
            return (int) length;
        }

        LaneRequest request(byte[] body) {
            int question = target.indexOf('?');
            return new LaneRequest(method, question < 0 ? target : target.substring(0, question),
                    question < 0 ? null : target.substring(question + 1), headers, body);
        }
    }
}
