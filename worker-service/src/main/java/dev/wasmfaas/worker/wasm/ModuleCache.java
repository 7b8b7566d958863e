package dev.wasmfaas.worker.wasm;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.github.kawamuray.wasmtime.Module;

/**
 * Compiled modules by key, least recently used evicted first. A module is compiled once even when
 * many invocations miss at the same time, and an evicted module is disposed only when the last
 * invocation using it has finished, since disposing it under a running instance is undefined.
 */
final class ModuleCache implements AutoCloseable {

    private final int capacity;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    ModuleCache(int capacity) {
        this.capacity = capacity;
    }

    /** The module under this key, compiled by {@code compiler} when absent; close the lease after use. */
    Lease acquire(String key, Supplier<Module> compiler) {
        Entry entry;
        boolean compileHere;
        synchronized (this) {
            entry = entries.get(key);
            compileHere = entry == null;
            if (compileHere) {
                entry = new Entry();
                entries.put(key, entry);
                evictOverCapacity();
            }
            entry.retain();
        }
        try {
            if (compileHere) {
                compile(key, entry, compiler);
            }
            return new Lease(entry, entry.await(), compileHere);
        } catch (RuntimeException | Error ex) {
            entry.release();
            throw ex;
        }
    }

    synchronized int size() {
        return entries.size();
    }

    /** Drops the module under this key (disposed once no invocation uses it); answers whether it was held. */
    synchronized boolean evict(String key) {
        Entry entry = entries.remove(key);
        if (entry == null) {
            return false;
        }
        entry.evict();
        return true;
    }

    private void compile(String key, Entry entry, Supplier<Module> compiler) {
        try {
            entry.module.complete(compiler.get());
        } catch (RuntimeException | Error ex) {
            // A failed compile is not remembered: the next invocation tries again.
            synchronized (this) {
                entries.remove(key, entry);
            }
            entry.module.completeExceptionally(ex);
        }
    }

    private void evictOverCapacity() {
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            Entry entry = eldest.next().getValue();
            eldest.remove();
            entry.evict();
        }
    }

    @Override
    public synchronized void close() {
        entries.values().forEach(Entry::evict);
        entries.clear();
    }

    /** One invocation's use of a cached module. */
    static final class Lease implements AutoCloseable {

        private final Entry entry;
        private final Module module;
        private final boolean compiled;

        private Lease(Entry entry, Module module, boolean compiled) {
            this.entry = entry;
            this.module = module;
            this.compiled = compiled;
        }

        Module module() {
            return module;
        }

        /** Whether this use had to load the module (compile it, or read it from the compilation cache): a cold start. */
        boolean loaded() {
            return compiled;
        }

        @Override
        public void close() {
            entry.release();
        }
    }

    private static final class Entry {

        private final CompletableFuture<Module> module = new CompletableFuture<>();
        private int users;
        private boolean evicted;
        private boolean disposed;

        synchronized void retain() {
            users++;
        }

        synchronized void release() {
            users--;
            disposeWhenUnused();
        }

        synchronized void evict() {
            evicted = true;
            disposeWhenUnused();
        }

        Module await() {
            try {
                return module.join();
            } catch (CompletionException ex) {
                switch (ex.getCause()) {
                    case RuntimeException cause -> throw cause;
                    case Error cause -> throw cause;
                    default -> throw ex;
                }
            }
        }

        private void disposeWhenUnused() {
            if (evicted && users == 0 && !disposed && module.state() == CompletableFuture.State.SUCCESS) {
                disposed = true;
                module.resultNow().dispose();
            }
        }
    }
}
