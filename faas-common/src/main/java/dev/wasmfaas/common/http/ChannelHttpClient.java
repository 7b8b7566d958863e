package dev.wasmfaas.common.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.springframework.http.HttpHeaders;

import dev.wasmfaas.common.tls.TlsChannel;

/**
 * HTTP/1.1 between the platform's own services, over blocking channels (a UNIX-domain socket, which waits
 * through a selector of its own ({@link PollingChannel}), or TCP), the calling thread doing its own writing and
 * reading. An asynchronous client hands every
 * answer from a selector thread to another thread and then to the caller; on a small machine each
 * such wake-up costs more than the call itself. Connections are kept alive and pooled per endpoint.
 *
 * <p>A call has a deadline, after which its connection is closed under it, and can be aborted from
 * another thread the same way ({@link Call#abort}). Answers are read by {@code Content-Length} or
 * chunked, up to a size the caller gives.
 *
 * <p>An {@code https://} endpoint (a remote worker, the balancer or the server seen from one) is reached over
 * TLS with the context given at construction, which presents this service's certificate and trusts the
 * platform's CA only; a plain socket's calls go through the same code with no TLS object on their way.
 */
public final class ChannelHttpClient implements AutoCloseable {

    /** A pooled connection unused for longer than this is closed rather than used: its server may have. */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How long opening a TCP connection (and its TLS handshake) may take. */
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Map<String, Deque<Connection>> idle = new ConcurrentHashMap<>();
    private final CallDeadlines deadlines;
    private final SSLContext tls;
    private volatile boolean closed;

    /** @param name names the thread that enforces deadlines */
    public ChannelHttpClient(String name) {
        this(name, null);
    }

    /**
     * @param name names the thread that enforces deadlines
     * @param tls the context of {@code https://} endpoints (mutual TLS), or null when there is none
     */
    public ChannelHttpClient(String name, SSLContext tls) {
        this.tls = tls;
        this.deadlines = new CallDeadlines(name + "-http-deadlines");
    }

    /** Prepares a call; {@link Call#execute()} runs it on the calling thread. */
    public Call call(Endpoint endpoint, ChannelRequest request) {
        return new Call(endpoint, request);
    }

    /** Runs a call on the calling thread. */
    public ChannelResponse send(Endpoint endpoint, ChannelRequest request) throws ChannelHttpException {
        return call(endpoint, request).execute();
    }

    @Override
    public void close() {
        closed = true;
        deadlines.close();
        idle.values().forEach(connections -> connections.forEach(Connection::close));
        idle.clear();
    }

    private Connection borrow(Endpoint endpoint) throws IOException {
        Deque<Connection> pool = idle.get(key(endpoint));
        if (pool != null) {
            for (Connection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
                if (connection.usable()) {
                    connection.reused = true;
                    return connection;
                }
                connection.close();
            }
        }
        return Connection.open(endpoint, tls);
    }

    private void giveBack(Endpoint endpoint, Connection connection) {
        if (closed) {
            connection.close();
            return;
        }
        connection.lastUsed = System.nanoTime();
        idle.computeIfAbsent(key(endpoint), k -> new ConcurrentLinkedDeque<>()).offerFirst(connection);
    }

    private static String key(Endpoint endpoint) {
        return endpoint.isUnix() ? endpoint.socket().toString() : endpoint.baseUri().getAuthority();
    }

    /** One exchange, which another thread may abort. */
    public final class Call {

        private final Endpoint endpoint;
        private final ChannelRequest request;
        private volatile Connection connection;
        private volatile Throwable abortedBy;
        private volatile boolean timedOut;
        private boolean delivered;

        private Call(Endpoint endpoint, ChannelRequest request) {
            this.endpoint = endpoint;
            this.request = request;
        }

        /**
         * Sends the request and reads the answer.
         *
         * @throws ChannelHttpException when the exchange failed below HTTP, saying whether the request had been sent
         */
        public ChannelResponse execute() throws ChannelHttpException {
            if (closed) {
                throw new ChannelHttpException("the client is closed", false, false, null);
            }
            CallDeadlines.Deadline deadline = deadlines.start(request.timeout(), this::expire);
            try {
                connection = borrow(endpoint);
                if (abortedBy != null || timedOut) {
                    connection.close();
                    throw failure(null);
                }
                write();
                delivered = true;
                ChannelResponse response = connection.read(request.maxResponseBytes(), request.method());
                if (response.keepAlive()) {
                    giveBack(endpoint, connection);
                } else {
                    connection.close();
                }
                return response;
            } catch (IOException | RuntimeException ex) {
                Connection used = connection;
                if (used != null) {
                    used.close();
                }
                throw failure(ex);
            } finally {
                deadline.end();
            }
        }

        // A write that fails leaves the server without the whole request, so it never ran. On a kept-alive
        // connection that means its server closed it meanwhile (a UNIX socket is not checked before use: a write
        // to one whose peer closed fails at once), and the request goes out once more on a new connection.
        private void write() throws IOException {
            try {
                connection.write(request, endpoint);
            } catch (IOException ex) {
                if (!connection.reused) {
                    throw ex;
                }
                connection.close();
                connection = Connection.open(endpoint, tls);
                if (abortedBy != null || timedOut) {
                    connection.close();
                    throw ex;
                }
                connection.write(request, endpoint);
            }
        }

        /** Ends the call at once: its connection is closed, and {@link #execute()} fails. */
        public void abort(Throwable reason) {
            abortedBy = reason;
            Connection current = connection;
            if (current != null) {
                current.close();
            }
        }

        private void expire() {
            timedOut = true;
            Connection current = connection;
            if (current != null) {
                current.close();
            }
        }

        private ChannelHttpException failure(Exception ex) {
            Throwable cause = abortedBy != null ? abortedBy : ex;
            String what = abortedBy != null ? "aborted" : timedOut ? "no answer within " + request.timeout()
                    : ex == null ? "failed" : ex.toString();
            return new ChannelHttpException("call to " + endpoint + request.target() + " " + what, delivered,
                    timedOut && abortedBy == null, cause);
        }
    }

    /** One kept-alive connection, used by one call at a time. */
    private static final class Connection {

        private static final int BUFFER = 16 * 1024;

        // The same object twice: a UNIX socket (a PollingChannel), a TCP socket, or a TLS session (then tls too).
        private final ByteChannel channel;
        private final GatheringByteChannel out;
        private final TlsChannel tls;
        private final ByteBuffer in = ByteBuffer.allocate(BUFFER);
        private final HeadBuffer head = new HeadBuffer();
        private long lastUsed = System.nanoTime();
        // Whether it came from the pool, having carried a call before.
        private boolean reused;

        private <C extends ByteChannel & GatheringByteChannel> Connection(C channel, TlsChannel tls) {
            this.channel = channel;
            this.out = channel;
            this.tls = tls;
        }

        static Connection open(Endpoint endpoint, SSLContext context) throws IOException {
            if (endpoint.isUnix()) {
                return new Connection(PollingChannel.of(SocketChannel.open(UnixDomainSocketAddress.of(endpoint.socket()))),
                        null);
            }
            if (endpoint.isTls() && context == null) {
                throw new IOException(endpoint + " is an https endpoint, and this service has no TLS material"
                        + " (the SSL bundle 'faas')");
            }
            SocketAddress address = new InetSocketAddress(endpoint.baseUri().getHost(), endpoint.port());
            SocketChannel channel = SocketChannel.open();
            try {
                // Bounded: an unreachable host (cut off, its packets dropped) must not hold a caller for minutes.
                channel.socket().connect(address, CONNECT_TIMEOUT_MILLIS);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (!endpoint.isTls()) {
                    return new Connection(channel, null);
                }
                TlsChannel session = TlsChannel.client(context, channel, endpoint.host(), endpoint.port(),
                        Duration.ofMillis(CONNECT_TIMEOUT_MILLIS));
                return new Connection(session, session);
            } catch (IOException | RuntimeException ex) {
                channel.close();
                throw ex;
            }
        }

        // The server may have closed it meanwhile (it stopped, or was killed): over TCP a read that would block
        // says it is still open. Without this check a request on a dead connection could count as delivered,
        // since a write over TCP succeeds after the peer closed.
        boolean usable() {
            if (!channel.isOpen() || System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
                return false;
            }
            if (tls != null) {
                return tls.idleAndOpen();
            }
            if (channel instanceof PollingChannel) {
                // Nothing to look at: a write to a UNIX socket whose server closed it fails before anything is
                // taken (EPIPE), and the call then goes on a new connection. Looking costs four system calls.
                return true;
            }
            SocketChannel socket = (SocketChannel) channel;
            try {
                socket.configureBlocking(false);
                in.clear();
                int read = socket.read(in);
                socket.configureBlocking(true);
                return read == 0;
            } catch (IOException ex) {
                return false;
            }
        }

        void write(ChannelRequest request, Endpoint endpoint) throws IOException {
            head.clear().append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1").crlf()
                    .header("Host", endpoint.baseUri().getAuthority());
            for (String[] header : request.headers()) {
                head.header(header[0], header[1]);
            }
            byte[] body = request.body();
            if (body.length > 0 || !"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
                head.append("Content-Length: ").append(body.length).crlf();
            }
            head.crlf();
            ByteBuffer[] buffers = {head.buffer(), ByteBuffer.wrap(body)};
            while (buffers[0].hasRemaining() || buffers[1].hasRemaining()) {
                out.write(buffers);
            }
        }

        ChannelResponse read(int maxBytes, String method) throws IOException {
            in.clear();
            ResponseHead head = readHead();
            byte[] body;
            boolean bodiless = "HEAD".equals(method) || head.status() == 204 || head.status() == 304
                    || head.status() / 100 == 1;
            if (bodiless) {
                body = new byte[0];
            } else if (head.chunked()) {
                body = readChunked(maxBytes);
            } else if (head.contentLength() >= 0) {
                if (head.contentLength() > maxBytes) {
                    throw new IOException("answer of " + head.contentLength() + " bytes is over the " + maxBytes
                            + " accepted");
                }
                body = readExactly((int) head.contentLength());
            } else {
                body = readToEnd(maxBytes);
                return new ChannelResponse(head.status(), head.headers(), body, false);
            }
            return new ChannelResponse(head.status(), head.headers(), body, head.keepAlive());
        }

        private ResponseHead readHead() throws IOException {
            int scanned = 0;
            while (true) {
                int end = endOfHead(scanned);
                if (end >= 0) {
                    ResponseHead head = ResponseHead.parse(new String(in.array(), 0, end, StandardCharsets.ISO_8859_1));
                    // What follows the head is the start of the body.
                    in.limit(in.position()).position(end + 4);
                    in.compact();
                    in.flip();
                    return head;
                }
                scanned = Math.max(0, in.position() - 3);
                if (!in.hasRemaining()) {
                    throw new IOException("answer head larger than " + BUFFER + " bytes");
                }
                fill();
            }
        }

        // Position of the blank line ending the head in what was read so far (the buffer in write mode).
        private int endOfHead(int from) {
            byte[] bytes = in.array();
            for (int i = from; i + 3 < in.position(); i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private void fill() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the connection was closed before the answer ended");
            }
        }

        // The buffer is in read mode here: what is left of it was received after the head.
        private byte[] readExactly(int length) throws IOException {
            byte[] body = new byte[length];
            int copied = Math.min(length, in.remaining());
            in.get(body, 0, copied);
            ByteBuffer rest = ByteBuffer.wrap(body, copied, length - copied);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw new IOException("the connection was closed before the answer ended");
                }
            }
            in.clear();
            return body;
        }

        private byte[] readToEnd(int maxBytes) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(in.array(), in.position(), in.remaining());
            in.clear();
            while (channel.read(in) >= 0) {
                in.flip();
                body.write(in.array(), 0, in.limit());
                in.clear();
                if (body.size() > maxBytes) {
                    throw new IOException("answer over the " + maxBytes + " bytes accepted");
                }
            }
            return body.toByteArray();
        }

        private byte[] readChunked(int maxBytes) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    // Trailers, if any, end with an empty line.
                    while (!readLine().isEmpty()) {
                        // skipped
                    }
                    in.clear();
                    return body.toByteArray();
                }
                if (body.size() + size > maxBytes) {
                    throw new IOException("answer over the " + maxBytes + " bytes accepted");
                }
                long left = size;
                while (left > 0) {
                    if (!in.hasRemaining()) {
                        refill();
                    }
                    int count = (int) Math.min(left, in.remaining());
                    body.write(in.array(), in.position(), count);
                    in.position(in.position() + count);
                    left -= count;
                }
                if (!readLine().isEmpty()) {
                    throw new IOException("a chunk did not end with CRLF");
                }
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (!in.hasRemaining()) {
                    refill();
                }
                byte b = in.get();
                if (b == '\n') {
                    int length = line.length();
                    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1)
                            : line.toString();
                }
                line.append((char) b);
                if (line.length() > 8192) {
                    throw new IOException("a chunk line is too long");
                }
            }
        }

        // Read mode before and after: more bytes from the channel.
        private void refill() throws IOException {
            in.clear();
            fill();
            in.flip();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ex) {
                // closing is all that was asked
            }
        }
    }

    /** The status line and headers of an answer. */
    private record ResponseHead(int status, HttpHeaders headers, long contentLength, boolean chunked,
            boolean keepAlive) {

        static ResponseHead parse(String text) throws IOException {
            // By hand: String.split with a two-character separator compiles a pattern at every answer.
            int lineEnd = text.indexOf("\r\n");
            String first = lineEnd < 0 ? text : text.substring(0, lineEnd);
            String[] statusLine = first.split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.1 answer: " + first);
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException ex) {
                throw new IOException("not an HTTP status: " + first, ex);
            }
            HttpHeaders headers = new HttpHeaders();
            for (int at = lineEnd < 0 ? text.length() : lineEnd + 2; at < text.length();) {
                int next = text.indexOf("\r\n", at);
                String line = next < 0 ? text.substring(at) : text.substring(at, next);
                at = next < 0 ? text.length() : next + 2;
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            String transfer = headers.getFirst(HttpHeaders.TRANSFER_ENCODING);
            String length = headers.getFirst(HttpHeaders.CONTENT_LENGTH);
            String connection = headers.getFirst(HttpHeaders.CONNECTION);
            boolean chunked = transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked");
            long contentLength;
            try {
                contentLength = chunked || length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException ex) {
                throw new IOException("not a Content-Length: " + length, ex);
            }
            boolean keepAlive = connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
            return new ResponseHead(status, headers, contentLength, chunked, keepAlive && statusLine[0].equals("HTTP/1.1"));
        }
    }
}
