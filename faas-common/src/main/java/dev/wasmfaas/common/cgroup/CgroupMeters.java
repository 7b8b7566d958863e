package dev.wasmfaas.common.cgroup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of one group ({@code faas.cgroup.*}, tagged with its name and kind), read from its files at
 * each scrape; {@link #close()} removes them with the group.
 */
public final class CgroupMeters implements AutoCloseable {

    private static final double NANOS = 1e9;

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    // Function counters hold what they read weakly: the group lives as long as its meters.
    private final Cgroup cgroup;

    /**
     * @param kind {@code worker} or {@code script}
     */
    public CgroupMeters(MeterRegistry registry, Cgroup cgroup, String kind) {
        this.registry = registry;
        this.cgroup = cgroup;
        Tags tags = Tags.of("cgroup", cgroup.name(), "kind", kind);
        gauge("faas.cgroup.memory", "memory charged to the group now", "bytes", cgroup, tags,
                c -> c.usage().memoryBytes());
        gauge("faas.cgroup.memory.limit", "the group's memory limit (-1: none)", "bytes", cgroup, tags,
                c -> c.usage().memoryLimitBytes());
        gauge("faas.cgroup.memory.peak", "the most memory charged to the group at once", "bytes", cgroup, tags,
                c -> c.usage().memoryPeakBytes());
        counter("faas.cgroup.oom.kills", "processes killed for reaching the group's memory limit", null, cgroup, tags,
                c -> c.usage().oomKills());
        counter("faas.cgroup.cpu.usage", "CPU time used by the group", "seconds", cgroup, tags,
                c -> seconds(c.usage().cpuNanos()));
        counter("faas.cgroup.cpu.throttled", "time the group's processes were held back by its CPU quota", "seconds",
                cgroup, tags, c -> seconds(c.usage().throttledNanos()));
        counter("faas.cgroup.cpu.throttled.periods", "scheduling periods in which the group used up its CPU quota",
                null, cgroup, tags, c -> c.usage().throttledPeriods());
        gauge("faas.cgroup.pids", "processes and threads in the group now", null, cgroup, tags,
                c -> c.usage().pids());
        gauge("faas.cgroup.pids.limit", "the group's limit of processes and threads (-1: none)", null, cgroup, tags,
                c -> c.usage().pidsMax());
        counter("faas.cgroup.pids.rejected", "forks and clones refused at the group's limit of processes", null,
                cgroup, tags, c -> c.usage().pidsRejected());
    }

    private void gauge(String name, String description, String unit, Cgroup cgroup, Tags tags,
            ToDoubleFunction<Cgroup> value) {
        meters.add(Gauge.builder(name, cgroup, value).description(description).baseUnit(unit).tags(tags)
                .strongReference(true).register(registry));
    }

    private void counter(String name, String description, String unit, Cgroup cgroup, Tags tags,
            ToDoubleFunction<Cgroup> value) {
        meters.add(FunctionCounter.builder(name, cgroup, c -> Math.max(0, value.applyAsDouble(c)))
                .description(description).baseUnit(unit).tags(tags).register(registry));
    }

    private static double seconds(long nanos) {
        return nanos < 0 ? -1 : nanos / NANOS;
    }

    /** The group it reads. */
    public Cgroup cgroup() {
        return cgroup;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
