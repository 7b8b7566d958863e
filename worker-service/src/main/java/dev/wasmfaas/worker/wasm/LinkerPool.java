package dev.wasmfaas.worker.wasm;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Linker;
import io.github.kawamuray.wasmtime.wasi.WasiCtx;

/**
 * WASI linkers lent to one invocation at a time. The binding does not promise that a linker may be
 * used by two threads at once, and building one costs about 0.1 ms, so they are reused instead; the
 * pool grows to the peak number of concurrent invocations. Every linker comes from the runtime's one
 * engine, since mixing engines aborts the JVM.
 */
final class LinkerPool implements AutoCloseable {

    private final Engine engine;
    private final Deque<Linker> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    LinkerPool(Engine engine) {
        this.engine = engine;
    }

    Linker borrow() {
        Linker linker = idle.pollFirst();
        if (linker != null) {
            return linker;
        }
        Linker created = new Linker(engine);
        WasiCtx.addToLinker(created);
        return created;
    }

    void giveBack(Linker linker) {
        if (closed) {
            linker.dispose();
        } else {
            idle.offerFirst(linker);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Linker linker = idle.pollFirst(); linker != null; linker = idle.pollFirst()) {
            linker.dispose();
        }
    }
}
