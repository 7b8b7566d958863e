package dev.wasmfaas.worker.sandbox;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

import dev.wasmfaas.common.cgroup.Cgroup;
import dev.wasmfaas.common.cgroup.CgroupLimits;
import dev.wasmfaas.common.cgroup.CgroupMeters;
import dev.wasmfaas.common.cgroup.CgroupParent;

/**
 * The groups of one worker's script sandboxes: one per sandbox running at once (a slot), made the first time
 * it is needed and reused from call to call, since making and removing a group per call costs ten times more
 * than setting a slot's memory limit (docs/DECISIONS.md, "A cgroup per sandbox slot").
 */
final class ScriptCgroups {

    /** Beyond this many slots, a slot whose last sandbox is still leaving is taken rather than a new one made. */
    static final int MAX_SLOTS = 64;

    private final CgroupParent parent;
    private final String prefix;
    private final CgroupLimits limits;
    private final MeterRegistry meters;
    private final ConcurrentLinkedDeque<Slot> free = new ConcurrentLinkedDeque<>();
    private final List<Slot> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param meters where each slot's meters go; null for none
     */
    ScriptCgroups(CgroupParent parent, String workerId, CgroupLimits limits, MeterRegistry meters) {
        this.parent = parent;
        this.prefix = workerId + ".script-";
        this.limits = limits;
        this.meters = meters;
    }

    /** Takes a free slot, or makes one, with the memory limit of this run. */
    Slot acquire(long memoryBytes) {
        Slot slot = takeEmpty();
        if (slot != null && slot.memoryBytes != memoryBytes) {
            try {
                slot.group.memoryLimit(memoryBytes);
                slot.memoryBytes = memoryBytes;
            } catch (UncheckedIOException ex) {
                // v1 refuses a limit below what the group holds and cannot reclaim: a new slot instead
                retire(slot);
                slot = null;
            }
        }
        if (slot == null) {
            Cgroup group = parent.create(prefix + next.getAndIncrement(), limits.withMemory(memoryBytes));
            slot = new Slot(group, memoryBytes, meters == null ? null : new CgroupMeters(meters, group, "script"));
            all.add(slot);
        }
        slot.oomKillsBefore = slot.group.oomKills();
        return slot;
    }

    // bwrap exits once it has its sandbox's exit status, and its orphaned pid 1 stays a zombie in the group until
    // the host's init reaps it, at once under systemd, seconds later under a lazy init: its pids would count
    // against the next run. A slot still holding processes waits at the back while others serve.
    private Slot takeEmpty() {
        Slot busy = null;
        for (Slot slot = free.pollFirst(); slot != null && slot != busy; slot = free.pollFirst()) {
            if (!slot.group.populated()) {
                return slot;
            }
            free.addLast(slot);
            if (busy == null) {
                busy = slot;
            }
        }
        if (busy != null) {
            free.remove(busy);
            free.addFirst(busy);
        }
        if (all.size() < MAX_SLOTS || busy == null) {
            return null;
        }
        return free.pollFirst();
    }

    private void retire(Slot slot) {
        all.remove(slot);
        if (slot.meters != null) {
            slot.meters.close();
        }
        slot.group.remove();
    }

    /** Gives the slot back once its sandbox has ended. */
    void release(Slot slot) {
        free.addFirst(slot);
    }

    /** Every slot made so far. */
    List<Cgroup> groups() {
        return all.stream().map(Slot::group).toList();
    }

    /** One sandbox slot: its group, and what it was charged with before the current run. */
    static final class Slot {

        private final Cgroup group;
        private final CgroupMeters meters;
        private volatile long memoryBytes;
        private volatile long oomKillsBefore;

        private Slot(Cgroup group, long memoryBytes, CgroupMeters meters) {
            this.group = group;
            this.memoryBytes = memoryBytes;
            this.meters = meters;
        }

        Cgroup group() {
            return group;
        }

        /** Whether the kernel killed a process of this run for reaching the memory limit. */
        boolean oomKilled() {
            return group.oomKills() > oomKillsBefore;
        }
    }
}
