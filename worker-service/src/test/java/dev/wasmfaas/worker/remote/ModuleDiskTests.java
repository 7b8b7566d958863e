package dev.wasmfaas.worker.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.common.error.FaasException;

/** Fetched artifacts on a real directory: checked, kept within a size (least recently used out), fetched once. */
class ModuleDiskTests {

    @TempDir
    Path dir;

    private static byte[] artifact(char fill) {
        return String.valueOf(fill).repeat(60).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void keepsWithinItsSizeRemovingTheLeastRecentlyUsed() {
        ModuleDisk disk = new ModuleDisk(dir, 130);
        byte[] a = artifact('a');
        byte[] b = artifact('b');
        byte[] c = artifact('c');
        String da = ModuleDisk.sha256(a);
        String db = ModuleDisk.sha256(b);
        String dc = ModuleDisk.sha256(c);

        disk.get(da, digest -> a);
        disk.get(db, digest -> b);
        disk.get(da, digest -> {
            throw new AssertionError("a is on disk");
        });
        disk.get(dc, digest -> c);

        assertThat(disk.holds(da)).isTrue();
        assertThat(disk.holds(db)).isFalse();
        assertThat(disk.holds(dc)).isTrue();
        assertThat(dir.resolve(db)).doesNotExist();
        assertThat(disk.totalBytes()).isEqualTo(120);
    }

    @Test
    void bytesThatAreNotTheirDigestAreRefusedAndNotKept() {
        ModuleDisk disk = new ModuleDisk(dir, 1024);
        String digest = ModuleDisk.sha256(artifact('a'));

        assertThatThrownBy(() -> disk.get(digest, d -> artifact('z'))).isInstanceOf(FaasException.class)
                .hasMessageContaining("refused");
        assertThat(disk.holds(digest)).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void manyMissesAtOnceFetchOnce() throws Exception {
        ModuleDisk disk = new ModuleDisk(dir, 1024);
        byte[] a = artifact('a');
        String digest = ModuleDisk.sha256(a);
        AtomicInteger fetches = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException ex) {
                    return;
                }
                disk.get(digest, d -> {
                    fetches.incrementAndGet();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    return a;
                });
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(fetches).hasValue(1);
        assertThat(Files.readAllBytes(dir.resolve(digest))).isEqualTo(a);
    }

    @Test
    void keepsWhatAnEarlierRunLeftWhenItIsIntactAndNothingElse() throws Exception {
        byte[] a = artifact('a');
        String digest = ModuleDisk.sha256(a);
        Files.write(dir.resolve(digest), a);
        String tampered = ModuleDisk.sha256(artifact('b'));
        Files.write(dir.resolve(tampered), artifact('x'));
        Files.writeString(dir.resolve("stray.part"), "half");

        ModuleDisk disk = new ModuleDisk(dir, 1024);

        assertThat(disk.holds(digest)).isTrue();
        assertThat(disk.holds(tampered)).isFalse();
        assertThat(dir.resolve(tampered)).doesNotExist();
        assertThat(dir.resolve("stray.part")).doesNotExist();
    }

    @Test
    void aDigestThatIsNotASha256IsABadRequest() {
        ModuleDisk disk = new ModuleDisk(dir, 1024);

        assertThatThrownBy(() -> disk.get("../../etc/passwd", d -> new byte[0])).isInstanceOf(FaasException.class)
                .hasMessageContaining("SHA-256");
    }
}
