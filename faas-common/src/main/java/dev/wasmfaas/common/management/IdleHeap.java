package dev.wasmfaas.common.management;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Hands back the heap a load left behind once the service is idle. Under load the serial collector grows its
 * old generation with what outlived a few young collections (activation records, answers in flight) instead of
 * collecting it, and once the load stops nothing collects it: an idle service kept its peak heap resident. At
 * every look, when no collection at all ran since the previous one (the service allocated next to nothing:
 * idle) and the old generation is more than twice what the last full collection left, plus 8 MiB, it runs one
 * full collection, after which the JVM gives the free part back ({@code -XX:-ShrinkHeapInSteps} and
 * {@code -XX:MaxHeapFreeRatio}, which the launcher sets). Then it waits for activity again. It is the serial
 * collector's stand-in for G1's periodic collection.
 */
public final class IdleHeap implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdleHeap.class);
    private static final long SLACK_BYTES = 8L << 20;
    private static final Duration LOOK_PERIOD = Duration.ofSeconds(2);

    /** What it reads of the heap and does to it. */
    interface Heap {

        /** Collections of every collector so far. */
        long collections();

        /** The old generation's committed bytes. */
        long oldCommitted();

        /** The old generation's bytes in use right after its last collection; 0 before the first. */
        long oldAfterLastCollection();

        void collect();
    }

    private final Heap heap;
    private final Duration period;
    private long lastCount = -1;
    private boolean settled;
    private volatile Thread thread;

    IdleHeap(Heap heap, Duration period) {
        this.heap = heap;
        this.period = period;
    }

    /** Looks every 2 s at this JVM's heap: a few seconds after a load, within a benchmark's settling time. */
    public static IdleHeap ofThisJvm() {
        return new IdleHeap(new JvmHeap(), LOOK_PERIOD);
    }

    /** One look; whether it collected. */
    boolean look() {
        long count = heap.collections();
        boolean quiet = count == lastCount;
        lastCount = count;
        if (!quiet) {
            settled = false;
            return false;
        }
        if (settled) {
            return false;
        }
        // One full collection per quiet spell at most, and only when there is something to hand back.
        settled = true;
        long committed = heap.oldCommitted();
        if (committed <= 2 * heap.oldAfterLastCollection() + SLACK_BYTES) {
            return false;
        }
        heap.collect();
        lastCount = heap.collections();
        log.debug("idle: the heap's old generation ({} MiB committed) collected and handed back down to {} MiB",
                committed >> 20, heap.oldCommitted() >> 20);
        return true;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Thread.ofPlatform().daemon().name("idle-heap").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(period);
                    look();
                } catch (InterruptedException ex) {
                    return;
                } catch (RuntimeException ex) {
                    log.warn("idle heap look failed: {}", ex.toString());
                }
            }
        });
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** This JVM's collectors and old generation, through their management beans. */
    private static final class JvmHeap implements Heap {

        private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        private final MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
                .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
                .findFirst().orElse(null);

        @Override
        public long collections() {
            long count = 0;
            for (GarbageCollectorMXBean collector : collectors) {
                count += Math.max(0, collector.getCollectionCount());
            }
            return count;
        }

        @Override
        public long oldCommitted() {
            return old == null ? 0 : old.getUsage().getCommitted();
        }

        @Override
        public long oldAfterLastCollection() {
            MemoryUsage after = old == null ? null : old.getCollectionUsage();
            return after == null ? 0 : after.getUsed();
        }

        @Override
        public void collect() {
            System.gc();
        }
    }
}
