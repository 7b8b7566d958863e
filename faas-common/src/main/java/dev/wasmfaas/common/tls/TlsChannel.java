package dev.wasmfaas.common.tls;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS socket read and written as a blocking channel, so that the code that speaks HTTP/1.1 over a
 * plain socket channel speaks it over TLS unchanged. Buffers are heap buffers (wrapped arrays).
 * The TCP channel underneath stays reachable for a non-blocking look at whether the peer closed.
 */
public final class TlsChannel implements ByteChannel, GatheringByteChannel {

    private final SSLSocket socket;
    private final SocketChannel raw;
    private final InputStream in;
    private final OutputStream out;

    private TlsChannel(SSLSocket socket, SocketChannel raw) throws IOException {
        this.socket = socket;
        this.raw = raw;
        this.in = socket.getInputStream();
        // One TLS record per answer, not one per buffer written.
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /**
     * The client side over a connected TCP channel: the handshake is done here, within {@code timeout}, and a
     * server whose certificate the context does not trust is refused.
     */
    public static TlsChannel client(SSLContext context, SocketChannel connected, String host, int port,
            Duration timeout) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(connected.socket(), host, port, true);
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.startHandshake();
            socket.setSoTimeout(0);
            return new TlsChannel(socket, connected);
        } catch (IOException ex) {
            socket.close();
            throw ex;
        }
    }

    /**
     * The server side of an accepted TLS socket: the handshake is done here (a peer without a certificate the
     * context trusts is refused), within {@code timeout}.
     */
    public static TlsChannel server(SSLSocket accepted, Duration timeout) throws IOException {
        try {
            accepted.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            accepted.startHandshake();
            accepted.setSoTimeout(0);
            return new TlsChannel(accepted, null);
        } catch (IOException ex) {
            accepted.close();
            throw ex;
        }
    }

    /** The peer's certificate subject, for logs. */
    public String peer() {
        try {
            return socket.getSession().getPeerPrincipal().getName();
        } catch (IOException ex) {
            return "unknown";
        }
    }

    /**
     * Whether the connection may carry another request: nothing arrived on it while it was idle (a peer that
     * closed it, or sent a TLS alert, has made the TCP channel readable).
     */
    public boolean idleAndOpen() {
        if (socket.isClosed() || raw == null) {
            return !socket.isClosed();
        }
        try {
            if (socket.getInputStream().available() > 0) {
                return false;
            }
            raw.configureBlocking(false);
            ByteBuffer probe = ByteBuffer.allocate(1);
            int read = raw.read(probe);
            raw.configureBlocking(true);
            return read == 0;
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasArray()) {
            throw new IOException("a TLS channel reads into heap buffers only");
        }
        int read = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (read > 0) {
            dst.position(dst.position() + read);
        }
        return read;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int length = src.remaining();
        writeOne(src);
        out.flush();
        return length;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            written += srcs[i].remaining();
            writeOne(srcs[i]);
        }
        out.flush();
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    private void writeOne(ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) {
            return;
        }
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
        } else {
            byte[] copy = new byte[src.remaining()];
            src.get(copy);
            out.write(copy);
        }
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    /**
     * Closes the connection at once. The TCP channel goes first: a TLS close would send its alert under the
     * session's write lock, and may wait on a peer that is cut off, while closing is what ends a call from another
     * thread (a deadline, a worker dropped).
     */
    @Override
    public void close() throws IOException {
        if (raw != null) {
            raw.close();
        }
        try {
            socket.close();
        } catch (IOException ex) {
            // the TCP connection is closed already
        }
    }
}
