package dev.wasmfaas.server.pool;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.invocation.BalancerClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The spare in reserve when the pool grows by two positions at once: one position takes the spare, the
 * other starts a worker of its own, and a new spare starts even while that worker is still starting. Worker
 * processes are real processes (a sleep) that the launcher stands in for; readiness and registration are not.
 */
class WorkerPoolSparesTests {

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final WorkerLauncher launcher = mock(WorkerLauncher.class);
    private final WorkerReadiness readiness = mock(WorkerReadiness.class);
    private final CountDownLatch fourthMayBeReady = new CountDownLatch(1);
    private WorkerPool pool;

    @AfterEach
    void stop() {
        fourthMayBeReady.countDown();
        if (pool != null) {
            pool.stop();
        }
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aPoolGrowingByTwoKeepsASpareWhileTheWorkerOfItsSecondPositionStarts() throws Exception {
        AtomicInteger started = new AtomicInteger();
        when(launcher.start(anyString())).thenAnswer(call -> {
            started.incrementAndGet();
            return sleeper(call.getArgument(0));
        });
        // Workers started after the grow stay not ready until the end; position 3 (the spare) is enlisted only
        // once position 4's worker is launched, so that the spares are counted while that worker starts.
        doAnswer(call -> {
            if (Integer.parseInt(call.<WorkerProcess>getArgument(0).id().substring("worker-".length())) >= 4) {
                assertThat(fourthMayBeReady.await(30, TimeUnit.SECONDS)).isTrue();
            }
            return null;
        }).when(readiness).await(any(), any());
        doAnswer(call -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (call.<WorkerProcess>getArgument(0).position() == 3 && started.get() < 4
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return null;
        }).when(launcher).share(any(), anyInt());
        ServerProperties properties = TestProperties.in(dir, new ServerProperties.Pool(2, Path.of("worker.jar"), "",
                List.of(), 4, List.of(), 1, Duration.ofSeconds(30), Duration.ofSeconds(5), null,
                new ServerProperties.Autoscale(4, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(6),
                        2.0, 0.7, Duration.ofSeconds(30), Duration.ofSeconds(30))));
        pool = new WorkerPool(properties, launcher, readiness, mock(BalancerClient.class));
        pool.start();
        verify(launcher, timeout(10_000)).start("worker-3");
        awaitSpares(1);

        assertThat(pool.grow(2)).isEqualTo(2);

        // Position 3 takes worker-3, the spare; position 4 starts worker-4, which is not ready yet. The spare
        // taken is replaced now: worker-4, starting for a position, is no spare.
        verify(launcher, timeout(10_000)).start("worker-5");
        // Launched on threads of their own: worker-5's launch may be asked for before worker-4's is listed.
        awaitListed("worker-4");
        assertThat(pool.workers()).filteredOn(w -> w.id().equals("worker-4")).singleElement()
                .satisfies(w -> assertThat(w.state().name()).isEqualTo("STARTING"));
        fourthMayBeReady.countDown();
        awaitSpares(1);
        // worker-4 and worker-5 are let go together: the spare may be ready before worker-4 holds its position.
        awaitPositions(4);
        assertThat(pool.workers()).filteredOn(w -> w.position() > 0).extracting(PooledWorker::id)
                .containsExactlyInAnyOrder("worker-1", "worker-2", "worker-3", "worker-4");
        assertThat(pool.workers()).filteredOn(w -> w.position() == 0).extracting(PooledWorker::id)
                .containsExactly("worker-5");
    }

    private WorkerProcess sleeper(String id) throws IOException {
        Process process = new ProcessBuilder("sleep", "600").start();
        processes.add(process);
        return new WorkerProcess(id, process, dir.resolve(id + ".sock"));
    }

    private void awaitListed(String id) throws InterruptedException {
        await(id + " in the pool", workers -> workers.stream().anyMatch(w -> w.id().equals(id)));
    }

    private void awaitPositions(int count) throws InterruptedException {
        await(count + " workers at positions", workers -> workers.stream().filter(w -> w.position() > 0).count() == count);
    }

    private void awaitSpares(int count) throws InterruptedException {
        await(count + " ready spares", workers -> workers.stream()
                .filter(w -> w.position() == 0 && w.state().name().equals("READY")).count() == count);
    }

    private void await(String what, Predicate<List<PooledWorker>> reached) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reached.test(pool.workers())) {
            assertThat(System.nanoTime()).as("%s in time", what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
