package dev.wasmfaas.server.invocation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/** Invocations per function version since the server started (kept in memory, like Prometheus counters). */
@Component
public class InvocationCounts {

    private final Map<String, LongAdder> byId = new ConcurrentHashMap<>();

    void record(String functionId) {
        byId.computeIfAbsent(functionId, id -> new LongAdder()).increment();
    }

    public long of(String functionId) {
        LongAdder count = byId.get(functionId);
        return count == null ? 0 : count.sum();
    }
}
