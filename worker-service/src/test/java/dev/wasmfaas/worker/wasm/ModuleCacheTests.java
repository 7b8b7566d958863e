package dev.wasmfaas.worker.wasm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Module;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ModuleCacheTests {

    private final Engine engine = new Engine();
    private final ModuleCache cache = new ModuleCache(2);

    @AfterEach
    void dispose() {
        cache.close();
        engine.dispose();
    }

    @Test
    void concurrentMissesCompileOnce() throws Exception {
        AtomicInteger compiles = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(8);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> compiled = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                compiled.add(threads.submit(() -> {
                    ready.countDown();
                    ready.await();
                    try (ModuleCache.Lease lease = cache.acquire("a", () -> {
                        compiles.incrementAndGet();
                        return module();
                    })) {
                        return lease.loaded();
                    }
                }));
            }
            int cold = 0;
            for (Future<Boolean> each : compiled) {
                cold += each.get() ? 1 : 0;
            }
            assertThat(compiles).hasValue(1);
            assertThat(cold).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void failedCompileIsNotRemembered() {
        assertThatIllegalStateException().isThrownBy(() -> cache.acquire("a", () -> {
            throw new IllegalStateException("broken");
        }));
        assertThat(cache.size()).isZero();

        try (ModuleCache.Lease lease = cache.acquire("a", this::module)) {
            assertThat(lease.loaded()).isTrue();
        }
    }

    @Test
    void leastRecentlyUsedIsEvicted() {
        cache.acquire("a", this::module).close();
        cache.acquire("b", this::module).close();
        cache.acquire("a", this::module).close();
        cache.acquire("c", this::module).close();

        assertThat(compiledNow("a")).isFalse();
        assertThat(compiledNow("b")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void evictedModuleStaysUsableUntilItsLastLeaseCloses() {
        ModuleCache.Lease leased = cache.acquire("a", this::module);
        cache.acquire("b", this::module).close();
        cache.acquire("c", this::module).close();

        assertThat(leased.module().imports()).isEmpty();
        leased.close();
        assertThat(compiledNow("a")).isTrue();
    }

    private boolean compiledNow(String key) {
        try (ModuleCache.Lease lease = cache.acquire(key, this::module)) {
            return lease.loaded();
        }
    }

    private Module module() {
        return new Module(engine, "(module (func (export \"_start\")))".getBytes(StandardCharsets.UTF_8));
    }
}
