package dev.wasmfaas.worker.wasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.Limits;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.worker.runtime.FunctionRuntime;
import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.WasmtimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Wasmtime runtime of a worker: one engine with epoch interruption for the whole process, the
 * compiled modules cached by SHA-256 (and on disk, shared by the workers, when a compilation cache is
 * set), and warm stores reused across runs of the same function, each run in a fresh instance.
 */
public final class WasmtimeRuntime implements FunctionRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WasmtimeRuntime.class);

    private final Engine engine;
    private final long tickMs;
    private final EpochTicker ticker;
    private final ModuleCache modules;
    private final LinkerPool wasiLinkers;
    private final WarmStores stores;
    private volatile boolean closed;

    /** A runtime without an on-disk compilation cache and with the default store reuse. */
    public WasmtimeRuntime(int moduleCacheSize, Duration epochTick) {
        this(new Settings(moduleCacheSize, epochTick, null, 64, 128, 256L << 20));
    }

    public WasmtimeRuntime(Settings settings) {
        Config config = new Config().epochInterruption(true);
        if (settings.compileCache() != null) {
            config.cacheConfigLoad(cacheConfig(settings.compileCache()));
        }
        this.engine = new Engine(config);
        JniLibraryCopy.forget();
        this.tickMs = Math.max(1, settings.epochTick().toMillis());
        this.ticker = new EpochTicker(engine, Duration.ofMillis(tickMs));
        this.modules = new ModuleCache(settings.moduleCacheSize());
        this.wasiLinkers = new LinkerPool(engine);
        this.stores = new WarmStores(settings.idleStores(), settings.runsPerStore(), settings.bytesPerStore());
    }

    @Override
    public InvocationResult run(InvocationRequest request) {
        if (closed) {
            throw new FaasException(ErrorKind.SHUTTING_DOWN, "the worker is shutting down");
        }
        checkLimits(request.limits());
        String digest = ModuleFile.key(request.digest());
        FunctionKey key = FunctionKey.of(digest, request);
        try (ModuleCache.Lease lease = modules.acquire(digest, () -> load(request.artifact(), digest))) {
            CommandStore store = stores.borrow(key, () -> open(key, lease.module()));
            Invocation invocation = new Invocation(request);
            boolean reusable = false;
            ticker.enter();
            try {
                Invocation.Outcome outcome = store.run(invocation, invocation.deadlineTicks(tickMs));
                reusable = true;
                return invocation.result(outcome, lease.loaded());
            } finally {
                invocation.close();
                ticker.leave();
                stores.giveBack(store, reusable);
            }
        }
    }

    /**
     * Loads a module into this worker ahead of its first run (compiled, or read from the shared
     * compilation cache); answers whether it had to be loaded now.
     */
    public boolean prepare(String artifact, String digest) {
        String key = ModuleFile.key(digest);
        try (ModuleCache.Lease lease = modules.acquire(key, () -> load(artifact, key))) {
            return lease.loaded();
        }
    }

    /** Compiled modules held now. */
    public int cachedModules() {
        return modules.size();
    }

    /** Stores kept warm between runs now. */
    public int idleStores() {
        return stores.idleCount();
    }

    /** Drops a module from the cache, as when its function is deleted; answers whether it was cached. */
    public boolean evict(String digest) {
        String key = ModuleFile.key(digest);
        stores.evict(key);
        return modules.evict(key);
    }

    private static void checkLimits(Limits limits) {
        if (limits.timeoutMs() <= 0 || limits.maxOutputBytes() < 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "limits need a positive timeoutMs and maxOutputBytes >= 0");
        }
    }

    private CommandStore open(FunctionKey key, Module module) {
        Linker wasi = wasiLinkers.borrow();
        try {
            return CommandStore.open(key, engine, module, wasi);
        } finally {
            wasiLinkers.giveBack(wasi);
        }
    }

    private Module load(String artifact, String digest) {
        byte[] bytes = ModuleFile.read(artifact, digest);
        long started = System.nanoTime();
        try {
            Module module = new Module(engine, bytes);
            log.info("loaded module {} ({} bytes) in {} ms", digest.substring(0, 12), bytes.length,
                    (System.nanoTime() - started) / 1_000_000);
            return module;
        } catch (WasmtimeException ex) {
            // The path is the server's business, not the function's author's: the reason is Wasmtime's.
            throw new FaasException(ErrorKind.COMPILE_ERROR,
                    "Wasmtime refuses the module: " + Invocation.firstLine(ex.getMessage()));
        }
    }

    // Wasmtime's cache configuration is a TOML file naming the directory; every worker with the same
    // engine settings finds there what another one compiled.
    private static Path cacheConfig(Path directory) {
        try {
            Path dir = Files.createDirectories(directory.toAbsolutePath().normalize());
            Path config = dir.resolve("wasmtime-cache.toml");
            String toml = "[cache]\nenabled = true\ndirectory = \"" + dir.toString()
                    .replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
            Path staged = Files.createTempFile(dir, "wasmtime-cache", ".toml");
            Files.writeString(staged, toml);
            Files.move(staged, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return config;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot prepare the compilation cache in " + directory, ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.close();
        stores.close();
        modules.close();
        wasiLinkers.close();
        engine.dispose();
    }

    /**
     * How the runtime keeps compiled modules and stores.
     *
     * @param moduleCacheSize compiled modules kept in memory, least recently used evicted first
     * @param epochTick the epoch period: the granularity of time limits
     * @param compileCache a directory for Wasmtime's on-disk compilation cache, shared by the workers; null for none
     * @param idleStores stores kept warm between runs, in all
     * @param runsPerStore runs after which a store is disposed (each run leaves its instance's memory in it)
     * @param bytesPerStore guest memory a store may have held, summed over its runs, before it is disposed
     */
    public record Settings(int moduleCacheSize, Duration epochTick, Path compileCache, int idleStores,
            int runsPerStore, long bytesPerStore) {
    }
}
