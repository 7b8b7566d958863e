package dev.wasmfaas.worker.wasm;

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
 * compiled modules cached by SHA-256, and a fresh store per invocation.
 */
public final class WasmtimeRuntime implements FunctionRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WasmtimeRuntime.class);

    private final Engine engine;
    private final long tickMs;
    private final EpochTicker ticker;
    private final ModuleCache modules;
    private final LinkerPool linkers;
    private volatile boolean closed;

    public WasmtimeRuntime(int moduleCacheSize, Duration epochTick) {
        this.engine = new Engine(new Config().epochInterruption(true));
        this.tickMs = Math.max(1, epochTick.toMillis());
        this.ticker = new EpochTicker(engine, Duration.ofMillis(tickMs));
        this.modules = new ModuleCache(moduleCacheSize);
        this.linkers = new LinkerPool(engine);
    }

    @Override
    public InvocationResult run(InvocationRequest request) {
        if (closed) {
            throw new FaasException(ErrorKind.SHUTTING_DOWN, "the worker is shutting down");
        }
        long deadlineTicks = deadlineTicks(request.limits());
        try (ModuleCache.Lease lease = modules.acquire(ModuleFile.key(request.digest()), () -> compile(request))) {
            Linker linker = linkers.borrow();
            try {
                return new WasmInvocation(request).run(engine, linker, lease.module(), deadlineTicks, lease.compiled());
            } finally {
                linkers.giveBack(linker);
            }
        }
    }

    /** Compiled modules held now. */
    public int cachedModules() {
        return modules.size();
    }

    /** Drops a module from the cache, as when its function is deleted; answers whether it was cached. */
    public boolean evict(String digest) {
        return modules.evict(ModuleFile.key(digest));
    }

    // One tick more than the limit: the first tick may come right after the deadline is set.
    private long deadlineTicks(Limits limits) {
        if (limits.timeoutMs() <= 0 || limits.maxOutputBytes() < 0) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "limits need a positive timeoutMs and maxOutputBytes >= 0");
        }
        return Math.ceilDiv(limits.timeoutMs(), tickMs) + 1;
    }

    private Module compile(InvocationRequest request) {
        byte[] bytes = ModuleFile.read(request.artifact(), request.digest());
        long started = System.nanoTime();
        try {
            Module module = new Module(engine, bytes);
            log.info("compiled {} ({} bytes) in {} ms", request.functionId(), bytes.length,
                    (System.nanoTime() - started) / 1_000_000);
            return module;
        } catch (WasmtimeException ex) {
            throw new FaasException(ErrorKind.COMPILE_ERROR,
                    "the module of " + request.functionId() + " is not valid WebAssembly: " + ex.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.close();
        modules.close();
        linkers.close();
        engine.dispose();
    }
}
