package dev.wasmfaas.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

class WorkerRegistryTests {

    private final WorkerRegistry registry = new WorkerRegistry();

    @Test
    void aRegisteredWorkerIsReady() {
        Instant before = Instant.now();

        WorkerStatus status = registry.register(registration("worker-1", "unix:/run/faas/worker-1.sock")).status();

        assertThat(status.id()).isEqualTo("worker-1");
        assertThat(status.endpoint()).isEqualTo("unix:/run/faas/worker-1.sock");
        assertThat(status.pid()).isEqualTo(42);
        assertThat(status.slots()).isEqualTo(2);
        assertThat(status.weight()).isEqualTo(3);
        assertThat(status.state()).isEqualTo(WorkerState.READY);
        assertThat(status.inFlight()).isZero();
        assertThat(status.registeredAt()).isBetween(before, Instant.now());
        assertThat(registry.ready()).extracting(Worker::id).containsExactly("worker-1");
        assertThat(registry.readyCount()).isEqualTo(1);
    }

    @Test
    void countsInvocations() {
        Worker worker = registry.register(registration("worker-1", "http://127.0.0.1:9001"));
        worker.started();
        worker.started();
        worker.started();
        worker.completed();
        worker.failed();

        assertThat(worker.status()).extracting(WorkerStatus::inFlight, WorkerStatus::completed, WorkerStatus::failed)
                .containsExactly(1, 1L, 1L);
    }

    @Test
    void aReplacementStartsAfreshAtItsNewEndpoint() {
        Worker old = registry.register(registration("worker-1", "unix:/run/faas/worker-1.sock"));
        old.started();
        old.failed();
        old.markDead();

        Worker replacement = registry.register(registration("worker-1", "unix:/run/faas/worker-1b.sock"));

        assertThat(registry.statuses()).singleElement().satisfies(status -> {
            assertThat(status.endpoint()).isEqualTo("unix:/run/faas/worker-1b.sock");
            assertThat(status.state()).isEqualTo(WorkerState.READY);
            assertThat(status.failed()).isZero();
        });
        assertThat(registry.ready()).containsExactly(replacement);
    }

    @Test
    void deadWorkersAreListedButNotReady() {
        registry.register(registration("worker-1", "http://127.0.0.1:9001")).markDead();
        registry.register(registration("worker-2", "http://127.0.0.1:9002"));

        assertThat(registry.ready()).extracting(Worker::id).containsExactly("worker-2");
        assertThat(registry.readyCount()).isEqualTo(1);
        assertThat(registry.statuses()).extracting(WorkerStatus::state)
                .containsExactly(WorkerState.DEAD, WorkerState.READY);
    }

    @Test
    void listsByIdAndRemoves() {
        registry.register(registration("worker-3", "http://127.0.0.1:9003"));
        registry.register(registration("worker-1", "http://127.0.0.1:9001"));
        registry.register(registration("worker-2", "http://127.0.0.1:9002"));

        assertThat(registry.remove("worker-2")).map(Worker::id).contains("worker-2");
        assertThat(registry.remove("worker-2")).isEmpty();
        assertThat(registry.statuses()).extracting(WorkerStatus::id).containsExactly("worker-1", "worker-3");
    }

    @Test
    void rejectsWhatCannotBeAWorker() {
        assertBadRequest(new WorkerRegistration(" ", "http://127.0.0.1:9001", 1, 1, 1), "a worker needs an id");
        assertBadRequest(new WorkerRegistration("worker-1", "tcp://somewhere", 1, 1, 1), "bad endpoint");
        assertBadRequest(new WorkerRegistration("worker-1", null, 1, 1, 1), "bad endpoint");
        assertBadRequest(new WorkerRegistration("worker-1", "http://127.0.0.1:9001", 1, 0, 1), "slots >= 1");
        assertThat(registry.statuses()).isEmpty();
    }

    private void assertBadRequest(WorkerRegistration registration, String message) {
        assertThatThrownBy(() -> registry.register(registration)).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST)).hasMessageContaining(message);
    }

    private static WorkerRegistration registration(String id, String endpoint) {
        return new WorkerRegistration(id, endpoint, 42, 2, 3);
    }
}
