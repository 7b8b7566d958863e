package dev.wasmfaas.common.management;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When an idle service's heap is collected: once per quiet spell, and only with something to hand back. */
class IdleHeapTests {

    private static final long MIB = 1L << 20;

    /** A heap whose old generation shrinks to what is alive when collected. */
    private static final class FakeHeap implements IdleHeap.Heap {
        long collections;
        long committed;
        long live;
        long afterLast;
        int full;

        void allocate(long promoted) {
            collections++;
            committed += promoted;
        }

        @Override
        public long collections() {
            return collections;
        }

        @Override
        public long oldCommitted() {
            return committed;
        }

        @Override
        public long oldAfterLastCollection() {
            return afterLast;
        }

        @Override
        public void collect() {
            full++;
            collections++;
            afterLast = live;
            committed = live + live / 2;
        }
    }

    private final FakeHeap heap = new FakeHeap();
    private final IdleHeap idle = new IdleHeap(heap, Duration.ofSeconds(2));

    @Test
    void aLoadThenQuietCollectsOnceAndNotAgainWhileQuiet() {
        heap.live = 30 * MIB;
        idle.look();
        heap.allocate(150 * MIB);
        assertThat(idle.look()).as("under load").isFalse();
        heap.allocate(100 * MIB);
        assertThat(idle.look()).as("still under load").isFalse();

        assertThat(idle.look()).as("the first quiet look").isTrue();
        assertThat(heap.committed).isEqualTo(45 * MIB);
        assertThat(idle.look()).isFalse();
        assertThat(idle.look()).isFalse();
        assertThat(heap.full).isEqualTo(1);
    }

    @Test
    void anOldGenerationNotMuchLargerThanAfterTheLastCollectionIsLeftAlone() {
        heap.live = 30 * MIB;
        heap.afterLast = 30 * MIB;
        heap.committed = 60 * MIB;
        idle.look();
        heap.allocate(5 * MIB);
        idle.look();

        assertThat(idle.look()).isFalse();
        assertThat(heap.full).isZero();
    }

    @Test
    void activityAfterACollectionLetsTheNextQuietSpellCollectAgain() {
        heap.live = 30 * MIB;
        heap.allocate(200 * MIB);
        idle.look();
        assertThat(idle.look()).isTrue();

        heap.allocate(120 * MIB);
        assertThat(idle.look()).isFalse();
        assertThat(idle.look()).isTrue();
        assertThat(heap.full).isEqualTo(2);
    }

    @Test
    void aSmallHeapIsNeverCollected() {
        heap.live = 1 * MIB;
        heap.allocate(6 * MIB);
        idle.look();

        assertThat(idle.look()).isFalse();
        assertThat(heap.full).isZero();
    }
}
