package dev.wasmfaas.worker.wasm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stores of the functions that ran lately, idle between runs. A run borrows one of its
 * function's idle stores (or makes one) and gives it back after; a store is disposed when it is
 * spent, when more than {@code maxIdle} stores are idle (the least recently used go first), and when
 * its module is evicted.
 */
final class WarmStores implements AutoCloseable {

    private final int maxIdle;
    private final int maxRuns;
    private final long maxBytes;
    // Idle stores by key, the most recently used key last; each deque the most recently returned first.
    private final LinkedHashMap<FunctionKey, Deque<CommandStore>> idle = new LinkedHashMap<>(16, 0.75f, true);
    private int idleCount;
    private boolean closed;

    /**
     * @param maxIdle stores kept idle in all
     * @param maxRuns runs after which a store is disposed
     * @param maxBytes guest memory a store may have held, summed over its runs, before it is disposed
     */
    WarmStores(int maxIdle, int maxRuns, long maxBytes) {
        this.maxIdle = maxIdle;
        this.maxRuns = maxRuns;
        this.maxBytes = maxBytes;
    }

    /** An idle store of this key, or a new one from {@code opener}. */
    CommandStore borrow(FunctionKey key, Supplier<CommandStore> opener) {
        synchronized (this) {
            Deque<CommandStore> stores = idle.get(key);
            if (stores != null) {
                CommandStore store = stores.pollFirst();
                if (stores.isEmpty()) {
                    idle.remove(key);
                }
                if (store != null) {
                    idleCount--;
                    return store;
                }
            }
        }
        return opener.get();
    }

    /** Takes a store back after a run; {@code reusable} is false when the run ended in a way that spoils it. */
    void giveBack(CommandStore store, boolean reusable) {
        CommandStore disposed = store;
        if (reusable && !store.spent(maxRuns, maxBytes)) {
            synchronized (this) {
                if (!closed) {
                    idle.computeIfAbsent(store.key(), key -> new ArrayDeque<>()).addFirst(store);
                    idleCount++;
                    disposed = idleCount > maxIdle ? removeEldest() : null;
                }
            }
        }
        if (disposed != null) {
            disposed.close();
        }
    }

    /** Disposes the idle stores of a module; the ones running now are its last users. */
    void evict(String digest) {
        Deque<CommandStore> evicted = new ArrayDeque<>();
        synchronized (this) {
            Iterator<Map.Entry<FunctionKey, Deque<CommandStore>>> entries = idle.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<FunctionKey, Deque<CommandStore>> entry = entries.next();
                if (entry.getKey().digest().equals(digest)) {
                    evicted.addAll(entry.getValue());
                    idleCount -= entry.getValue().size();
                    entries.remove();
                }
            }
        }
        evicted.forEach(CommandStore::close);
    }

    synchronized int idleCount() {
        return idleCount;
    }

    // The least recently used key's least recently returned store.
    private CommandStore removeEldest() {
        Iterator<Map.Entry<FunctionKey, Deque<CommandStore>>> eldest = idle.entrySet().iterator();
        Deque<CommandStore> stores = eldest.next().getValue();
        CommandStore store = stores.pollLast();
        if (stores.isEmpty()) {
            eldest.remove();
        }
        idleCount--;
        return store;
    }

    @Override
    public void close() {
        Deque<CommandStore> all = new ArrayDeque<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
            idleCount = 0;
        }
        all.forEach(CommandStore::close);
    }
}
