package dev.wasmfaas.common.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A connected UNIX-domain socket whose reads and writes block as a blocking channel's do, but wait for
 * readiness through a selector of its own instead of in the kernel's read.
 *
 * <p>Linux wakes a thread blocked in {@code read} on a UNIX stream socket not only when data comes but also
 * whenever the peer takes what this side wrote (the socket's write space). A service that writes a request
 * and waits for the answer, or writes an answer and waits for the next request, was so woken twice per wait,
 * once for nothing; on a virtual machine each wake-up of a thread on the other core costs more CPU than
 * parsing the request. A wait for readability alone is woken by data only (docs/DECISIONS.md).
 *
 * <p>Closing it from another thread ends a wait at once with {@link AsynchronousCloseException}; an interrupt
 * closes it and ends the wait with {@link ClosedByInterruptException}, as on a blocking channel.
 */
public final class PollingChannel implements ByteChannel, GatheringByteChannel {

    private final SocketChannel socket;
    private final Selector selector;
    private final SelectionKey key;

    private PollingChannel(SocketChannel socket, Selector selector) throws IOException {
        this.socket = socket;
        this.selector = selector;
        socket.configureBlocking(false);
        this.key = socket.register(selector, SelectionKey.OP_READ);
    }

    /** Takes over a connected socket: it is non-blocking from now on, and closed with this. */
    public static PollingChannel of(SocketChannel socket) throws IOException {
        Selector selector = Selector.open();
        try {
            return new PollingChannel(socket, selector);
        } catch (IOException | RuntimeException ex) {
            selector.close();
            socket.close();
            throw ex;
        }
    }

    /** Reads at least one byte, waiting for them; -1 at the end of the stream. */
    @Override
    public int read(ByteBuffer target) throws IOException {
        int read;
        while ((read = socket.read(target)) == 0 && target.hasRemaining()) {
            await(SelectionKey.OP_READ);
        }
        return read;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return (int) write(new ByteBuffer[] {source}, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        long written;
        while ((written = socket.write(sources, offset, length)) == 0 && remaining(sources, offset, length)) {
            await(SelectionKey.OP_WRITE);
        }
        return written;
    }

    @Override
    public long write(ByteBuffer[] sources) throws IOException {
        return write(sources, 0, sources.length);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            // Ends a wait in select, and lets the socket's descriptor go: a registered channel is closed for good
            // only once its selector lets it go.
            selector.close();
        }
    }

    private void await(int operation) throws IOException {
        try {
            if (key.interestOps() != operation) {
                key.interestOps(operation);
            }
            selector.select();
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException | CancelledKeyException ex) {
            // Closed by another thread, before or during the wait.
            throw new AsynchronousCloseException();
        }
        if (Thread.currentThread().isInterrupted()) {
            close();
            throw new ClosedByInterruptException();
        }
        if (!socket.isOpen()) {
            throw new AsynchronousCloseException();
        }
    }

    private static boolean remaining(ByteBuffer[] sources, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (sources[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
