package dev.wasmfaas.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.invocation.BalancerClient;

/** One call per tick on a quiet suite; the registrations compared only when the balancer says they changed. */
class BalancerWatchTests {

    // This test's own process stands for a live worker.
    final long livePid = ProcessHandle.current().pid();
    final WorkerPool pool = mock(WorkerPool.class);
    final BalancerClient balancer = mock(BalancerClient.class);
    final List<QueueStatus> seen = new ArrayList<>();
    final BalancerWatch watch = new BalancerWatch(pool, balancer, List.of(seen::add),
            TestProperties.in(Path.of("unused")));

    @Test
    void theFirstSampleComparesTheRegistrationsThenHandsTheLoadOn() {
        given(pool.workers()).willReturn(List.of(pooled("worker-1", 1), pooled("worker-2", 2)));
        given(balancer.workers()).willReturn(List.of(listed("worker-1"), listed("worker-9")));
        QueueStatus load = new QueueStatus(2, 16, 5, 8, "b1-3");
        given(balancer.queue()).willReturn(load);

        watch.sample();

        // worker-2 was missing (a restarted balancer); worker-9 is no worker of this pool (a killed server's)
        verify(balancer).register(new WorkerRegistration("worker-2", "unix:/r/worker-2.sock", livePid, 4, 4));
        verify(balancer).unregister("worker-9");
        verify(balancer, never()).unregister("worker-1");
        assertThat(seen).containsExactly(load);
    }

    @Test
    void whileTheRegistrationsAreUnchangedASampleIsOneCall() {
        given(pool.workers()).willReturn(List.of(pooled("worker-1", 1)));
        given(balancer.workers()).willReturn(List.of(listed("worker-1")));
        given(balancer.queue()).willReturn(new QueueStatus(0, 16, 0, 4, "b1-1"));

        watch.sample();
        watch.sample();
        watch.sample();

        verify(balancer, times(3)).queue();
        verify(balancer, times(1)).workers();
        assertThat(seen).hasSize(3);

        // A change, or another balancer (a restart): compared again, once.
        given(balancer.queue()).willReturn(new QueueStatus(0, 16, 0, 4, "b1-2"));
        watch.sample();
        given(balancer.queue()).willReturn(new QueueStatus(0, 16, 0, 4, "c7-0"));
        watch.sample();
        watch.sample();
        verify(balancer, times(3)).workers();
    }

    @Test
    void aComparisonThatFailedIsMadeAgainAtTheNextSample() {
        given(pool.workers()).willReturn(List.of(pooled("worker-1", 1)));
        given(balancer.queue()).willReturn(new QueueStatus(0, 16, 0, 4, "b1-1"));
        given(balancer.workers()).willReturn(List.of());
        willThrow(new IllegalStateException("balancer going down")).given(balancer).register(any());

        try {
            watch.sample();
        } catch (IllegalStateException expected) {
            // the loop logs it and samples again a tick later
        }
        given(balancer.workers()).willReturn(List.of(listed("worker-1")));
        watch.sample();

        verify(balancer, times(2)).workers();
        assertThat(seen).hasSize(1);
    }

    private PooledWorker pooled(String id, int position) {
        return new PooledWorker(id, position, livePid, "unix:/r/" + id + ".sock", WorkerState.READY, 4, 4,
                Instant.now());
    }

    private WorkerStatus listed(String id) {
        return new WorkerStatus(id, "unix:/r/" + id + ".sock", livePid, 4, 4, WorkerState.READY, 0, 0, 0, 0,
                Instant.now());
    }
}
