package dev.wasmfaas.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real UNIX-domain socket: one end a {@link PollingChannel}, the other a plain blocking channel. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PollingChannelTests {

    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");

    @TempDir
    Path dir;

    private PollingChannel polled;
    private SocketChannel peer;

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(dir.resolve("s.sock")));
            polled = PollingChannel.of(SocketChannel.open(server.getLocalAddress()));
            peer = server.accept();
        }
    }

    @AfterEach
    void close() throws IOException {
        polled.close();
        peer.close();
    }

    @Test
    void aReadWaitsForDataAndSeesTheEndOfTheStream() throws Exception {
        CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> {
            sleep(50);
            write(peer, "late".getBytes());
            quietly(peer);
        });
        ByteBuffer in = ByteBuffer.allocate(64);

        assertThat(polled.read(in)).isEqualTo(4);
        answer.join();
        assertThat(new String(in.array(), 0, 4)).isEqualTo("late");
        assertThat(polled.read(in)).isEqualTo(-1);
    }

    @Test
    void aWriteLargerThanTheSocketBufferWaitsForThePeerToRead() throws Exception {
        byte[] sent = new byte[8 << 20];
        new Random(7).nextBytes(sent);
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readFully(peer, sent.length));

        ByteBuffer head = ByteBuffer.wrap(sent, 0, 100);
        ByteBuffer rest = ByteBuffer.wrap(sent, 100, sent.length - 100);
        ByteBuffer[] buffers = {head, rest};
        while (rest.hasRemaining()) {
            assertThat(polled.write(buffers)).isPositive();
        }

        assertThat(Arrays.equals(received.get(20, TimeUnit.SECONDS), sent)).isTrue();
    }

    @Test
    void closingItFromAnotherThreadEndsAWaitingRead() {
        CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
            sleep(100);
            quietly(polled);
        });

        assertThatExceptionOfType(AsynchronousCloseException.class).isThrownBy(() -> polled.read(ByteBuffer.allocate(8)));
        closer.join();
        assertThat(polled.isOpen()).isFalse();
    }

    @Test
    void anInterruptEndsAWaitingReadAndClosesTheChannel() throws Exception {
        Thread reader = Thread.currentThread();
        CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
            sleep(100);
            reader.interrupt();
        });

        assertThatExceptionOfType(ClosedByInterruptException.class).isThrownBy(() -> polled.read(ByteBuffer.allocate(8)));
        interrupter.join();
        assertThat(Thread.interrupted()).isTrue();
        assertThat(polled.isOpen()).isFalse();
    }

    /**
     * A request written, then a wait for its answer while the peer takes the request and works: a blocking read
     * on Linux is woken when the peer takes the request as well, and sleeps again; this wait is woken once.
     */
    @Test
    void aWaitForAnAnswerIsWokenByTheAnswerOnly() throws Exception {
        assumeTrue(Files.isReadable(THREAD_STATUS), "needs Linux's /proc/thread-self to count the thread's switches");
        int calls = 20;
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < calls + 5; i++) {
                readFully(peer, 100);
                sleep(10);
                write(peer, new byte[300]);
            }
        });
        for (int i = 0; i < 5; i++) {
            call();
        }

        long before = voluntarySwitches();
        for (int i = 0; i < calls; i++) {
            call();
        }
        long switches = voluntarySwitches() - before;

        server.join();
        // One per call; a few more for what else may park this thread (a safepoint). Blocking reads made two per call.
        assertThat(switches).as("voluntary context switches in %d calls", calls).isLessThanOrEqualTo(calls + 8);
    }

    private void call() throws IOException {
        ByteBuffer request = ByteBuffer.allocate(100);
        while (request.hasRemaining()) {
            polled.write(request);
        }
        ByteBuffer answer = ByteBuffer.allocate(300);
        while (answer.hasRemaining()) {
            assertThat(polled.read(answer)).isPositive();
        }
    }

    private static long voluntarySwitches() throws IOException {
        return Files.readAllLines(THREAD_STATUS).stream().filter(line -> line.startsWith("voluntary_ctxt_switches:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim())).findFirst()
                .orElseThrow();
    }

    private static byte[] readFully(SocketChannel channel, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("closed after " + buffer.position() + " bytes");
                }
            }
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return buffer.array();
    }

    private static void write(SocketChannel channel, byte[] bytes) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void quietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ex) {
            // closing anyway
        }
    }
}
