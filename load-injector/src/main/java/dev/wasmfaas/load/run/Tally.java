package dev.wasmfaas.load.run;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** The counts of one phase as its requests end, added to by its virtual threads and read by the progress line. */
final class Tally {

    private final LongAdder ended = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final ConcurrentMap<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    void add(Outcome outcome) {
        byStatus.computeIfAbsent(outcome.status(), status -> new LongAdder()).increment();
        if (outcome.ok()) {
            ok.increment();
        }
        if (outcome.failure() != null) {
            firstFailure.compareAndSet(null, outcome.failure());
        }
        ended.increment();
    }

    long ended() {
        return ended.sum();
    }

    long ok() {
        return ok.sum();
    }

    long errors() {
        return ended() - ok();
    }

    SortedMap<String, Long> byStatus() {
        SortedMap<String, Long> counts = new TreeMap<>();
        byStatus.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    /** The first transport failure, to explain a run where nothing got through. */
    Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }
}
