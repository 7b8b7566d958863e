package dev.wasmfaas.server.function;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * Every function version known to the server, loaded from the store at start. A name is
 * unique; ids ({@code <name>_<n>}) come from one sequence and are never given twice while
 * the server runs. Lookups by {@code fn} try the id first, then the name (its newest version).
 */
@Component
public final class FunctionRegistry {

    private static final Logger log = LoggerFactory.getLogger(FunctionRegistry.class);

    private final Map<String, FunctionMetadata> byId = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<Long, FunctionMetadata>> byName = new ConcurrentHashMap<>();
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    public FunctionRegistry(FunctionStore store) {
        List<FunctionMetadata> stored = store.loadAll();
        stored.forEach(this::add);
        sequence.set(stored.stream().mapToLong(FunctionMetadata::sequence).max().orElse(0));
        log.info("{} function versions loaded from {}", stored.size(), store.root());
    }

    /** Holds a new name until {@link #release} so two deploys of one name cannot both succeed. */
    public void reserveNewName(String name) {
        if (!reserved.add(name)) {
            throw nameTaken(name);
        }
        if (byName.containsKey(name) || byId.containsKey(name)) {
            reserved.remove(name);
            throw nameTaken(name);
        }
    }

    /** Holds an existing name for an update or a delete; 404 when there is no such function. */
    public void reserveExistingName(String name) {
        if (!byName.containsKey(name)) {
            throw notFound(name);
        }
        if (!reserved.add(name)) {
            throw new FaasException(ErrorKind.NAME_TAKEN, "the function '" + name + "' is being changed; retry");
        }
        if (!byName.containsKey(name)) {
            reserved.remove(name);
            throw notFound(name);
        }
    }

    public void release(String name) {
        reserved.remove(name);
    }

    /** Every version of a function, oldest first (empty when there is none). */
    public List<FunctionMetadata> versions(String name) {
        NavigableMap<Long, FunctionMetadata> versions = byName.get(name);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** Forgets a function and all its versions; answers them. */
    public List<FunctionMetadata> remove(String name) {
        NavigableMap<Long, FunctionMetadata> versions = byName.remove(name);
        if (versions == null) {
            return List.of();
        }
        versions.values().forEach(v -> byId.remove(v.id()));
        return List.copyOf(versions.values());
    }

    /** The next id for a version of this name, never equal to an existing id or name. */
    public Allocation allocate(String name) {
        while (true) {
            long n = sequence.incrementAndGet();
            String id = name + "_" + n;
            if (!byId.containsKey(id) && !byName.containsKey(id) && !reserved.contains(id)) {
                return new Allocation(id, n);
            }
        }
    }

    public void add(FunctionMetadata metadata) {
        byId.put(metadata.id(), metadata);
        byName.computeIfAbsent(metadata.name(), n -> new ConcurrentSkipListMap<>())
                .put(metadata.sequence(), metadata);
    }

    /** An id, or a name meaning its newest version. */
    public FunctionMetadata resolve(String idOrName) {
        return find(idOrName).orElseThrow(() -> notFound(idOrName));
    }

    private static FaasException notFound(String idOrName) {
        return new FaasException(ErrorKind.FUNCTION_NOT_FOUND, "no function with id or name '" + idOrName + "'");
    }

    public Optional<FunctionMetadata> find(String idOrName) {
        if (idOrName == null) {
            return Optional.empty();
        }
        FunctionMetadata exact = byId.get(idOrName);
        if (exact != null) {
            return Optional.of(exact);
        }
        NavigableMap<Long, FunctionMetadata> versions = byName.get(idOrName);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    /** A version whose artifact has this SHA-256 (lower-case hex), if any. */
    public Optional<FunctionMetadata> findByDigest(String digest) {
        return byId.values().stream().filter(metadata -> digest.equals(metadata.digest())).findFirst();
    }

    /** The newest version of every function, by name. */
    public List<FunctionMetadata> latest() {
        return byName.values().stream().filter(v -> !v.isEmpty()).map(v -> v.lastEntry().getValue())
                .sorted(Comparator.comparing(FunctionMetadata::name)).toList();
    }

    private static FaasException nameTaken(String name) {
        return new FaasException(ErrorKind.NAME_TAKEN, "a function named '" + name + "' already exists");
    }

    /**
     * A freshly allocated id.
     *
     * @param id the id
     * @param sequence its number
     */
    public record Allocation(String id, long sequence) {
    }
}
