package dev.wasmfaas.server.activation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.wasmfaas.server.config.ServerProperties;

/**
 * The activations in memory, oldest first, within a count, an age and a size of retained output.
 * Every operation is O(1) (a list is O(limit)) under one short lock: it sits on every invocation.
 * The oldest overall is also the oldest of its function, so eviction only ever takes heads.
 */
@Component
public final class ActivationStore {

    private record Entry(Activation activation, long bytes) {
    }

    private final ServerProperties.Activations bounds;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> byId = new LinkedHashMap<>();
    private final Map<String, ArrayDeque<String>> byName = new HashMap<>();
    private final Map<String, ArrayDeque<String>> byFunctionId = new HashMap<>();
    private long retainedBytes;

    @Autowired
    ActivationStore(ServerProperties properties) {
        this(properties.activations(), Clock.systemUTC());
    }

    public ActivationStore(ServerProperties.Activations bounds, Clock clock) {
        this.bounds = bounds;
        this.clock = clock;
    }

    /** The time activations are stamped with. */
    public Instant now() {
        return clock.instant();
    }

    /** Records a new activation, or its new state: an activation keeps its place when it changes. */
    public synchronized void put(Activation activation) {
        long bytes = Utf8.length(orEmpty(activation.output())) + Utf8.length(orEmpty(activation.stderr()));
        Entry previous = byId.put(activation.activationId(), new Entry(activation, bytes));
        if (previous != null) {
            retainedBytes -= previous.bytes();
        } else {
            byName.computeIfAbsent(activation.name(), k -> new ArrayDeque<>()).addLast(activation.activationId());
            byFunctionId.computeIfAbsent(activation.functionId(), k -> new ArrayDeque<>())
                    .addLast(activation.activationId());
        }
        retainedBytes += bytes;
        evict();
    }

    public synchronized Optional<Activation> find(String activationId) {
        evict();
        Entry entry = byId.get(activationId);
        return entry == null ? Optional.empty() : Optional.of(entry.activation());
    }

    /**
     * The newest activations first, of every function ({@code fn} null), of one version ({@code fn} an id
     * that has activations) or of every version of a function ({@code fn} a name).
     */
    public synchronized List<Activation> recent(String fn, int limit) {
        evict();
        List<Activation> found = new ArrayList<>(Math.min(limit, byId.size()));
        if (fn == null) {
            Iterator<Entry> newest = byId.sequencedValues().reversed().iterator();
            while (found.size() < limit && newest.hasNext()) {
                found.add(newest.next().activation());
            }
            return found;
        }
        ArrayDeque<String> ids = byFunctionId.containsKey(fn) ? byFunctionId.get(fn) : byName.get(fn);
        if (ids != null) {
            Iterator<String> newest = ids.descendingIterator();
            while (found.size() < limit && newest.hasNext()) {
                found.add(byId.get(newest.next()).activation());
            }
        }
        return found;
    }

    public synchronized int size() {
        return byId.size();
    }

    public synchronized long retainedBytes() {
        return retainedBytes;
    }

    private void evict() {
        Instant oldest = clock.instant().minus(bounds.maxAge());
        while (!byId.isEmpty()) {
            Activation head = byId.firstEntry().getValue().activation();
            boolean over = byId.size() > bounds.maxCount() || head.submitted().isBefore(oldest)
                    // One activation larger than the whole budget stays alone rather than vanish at once.
                    || (retainedBytes > bounds.maxRetainedBytes() && byId.size() > 1);
            if (!over) {
                return;
            }
            removeHead();
        }
    }

    private void removeHead() {
        Entry head = byId.pollFirstEntry().getValue();
        Activation activation = head.activation();
        retainedBytes -= head.bytes();
        dropFirst(byName, activation.name());
        dropFirst(byFunctionId, activation.functionId());
    }

    private static void dropFirst(Map<String, ArrayDeque<String>> index, String key) {
        ArrayDeque<String> ids = index.get(key);
        ids.pollFirst();
        if (ids.isEmpty()) {
            index.remove(key);
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
