package dev.wasmfaas.balancer.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.wasmfaas.balancer.BalancerProperties;
import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerInFlightGauges;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.balancer.registry.WorkerRemovedException;
import dev.wasmfaas.common.contract.Strategy;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.ProblemHandlerSupport;

class SlotSchedulerTests {

    private final WorkerRegistry registry = new WorkerRegistry();

    @Test
    void grantsFreeSlotsAtOnceAndAFreedSlotToTheOldestWaiting() {
        SlotScheduler scheduler = scheduler(Strategy.RR, 8);
        Worker w1 = scheduler.register(registration("w1", 2));

        List<Ticket> tickets = admit(scheduler, 4);

        assertThat(tickets).extracting(Ticket::grantedWorker).containsExactly(w1, w1, null, null);
        assertThat(w1.status().queued()).isEqualTo(2);
        scheduler.release(w1, true);
        assertThat(tickets.get(2).grantedWorker()).isEqualTo(w1);
        assertThat(tickets.get(3).grantedWorker()).isNull();
        assertThat(scheduler.waiting()).isEqualTo(1);
    }

    @Test
    void theCapacityCountsWaitingInvocationsOverAllWorkers() {
        SlotScheduler scheduler = scheduler(Strategy.RR, 2);
        scheduler.register(registration("w1", 1));
        scheduler.register(registration("w2", 1));
        admit(scheduler, 4);

        assertThatThrownBy(scheduler::admit).isInstanceOfSatisfying(FaasException.class, ex -> {
            assertThat(ex.kind()).isEqualTo(ErrorKind.QUEUE_FULL);
            assertThat(ex.properties()).containsEntry(ProblemHandlerSupport.RETRY_AFTER, 1);
        });
        assertThat(scheduler.waiting()).isEqualTo(2);
    }

    @Test
    void noReadyWorkerIsRefusedAtAdmission() {
        SlotScheduler scheduler = scheduler(Strategy.FIFO, 8);

        assertThatThrownBy(scheduler::admit).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.NO_WORKER));
    }

    @Test
    void removingAWorkerAbortsItsCallsAndMovesItsLineInArrivalOrder() {
        SlotScheduler scheduler = scheduler(Strategy.RR, 8);
        Worker w1 = scheduler.register(registration("w1", 1));
        Worker w2 = scheduler.register(registration("w2", 1));
        List<Ticket> tickets = admit(scheduler, 6);
        List<Throwable> aborted = new ArrayList<>();
        w1.track(aborted::add);

        scheduler.remove("w1");

        assertThat(aborted).singleElement().isInstanceOf(WorkerRemovedException.class);
        assertThat(w1.state()).isEqualTo(WorkerState.DEAD);
        assertThat(w2.status().queued()).isEqualTo(4);
        // w1's line (tickets 2 and 4) joins w2's (3 and 5) by arrival.
        for (int next = 2; next < 6; next++) {
            scheduler.release(w2, true);
            assertThat(tickets.get(next).grantedWorker()).isEqualTo(w2);
            assertThat(next + 1 < 6 ? tickets.get(next + 1).grantedWorker() : null).isNull();
        }
    }

    @Test
    void aDrainingWorkerFinishesItsCallsTakesNoNewOneAndItsLineMoves() {
        SlotScheduler scheduler = scheduler(Strategy.RR, 8);
        Worker w1 = scheduler.register(registration("w1", 1));
        Worker w2 = scheduler.register(registration("w2", 1));
        List<Ticket> tickets = admit(scheduler, 4);
        List<Throwable> aborted = new ArrayList<>();
        w1.track(aborted::add);

        assertThat(scheduler.drain("w1")).contains(w1);

        assertThat(aborted).isEmpty();
        assertThat(w1.state()).isEqualTo(WorkerState.DRAINING);
        assertThat(w1.status().inFlight()).isEqualTo(1);
        assertThat(w1.status().queued()).isZero();
        assertThat(w2.status().queued()).isEqualTo(2);
        scheduler.release(w1, true);
        assertThat(w1.status().inFlight()).isZero();
        assertThat(tickets.get(2).grantedWorker()).isNull();
        assertThat(scheduler.admit().grantedWorker()).isNull();
        scheduler.release(w2, true);
        assertThat(tickets.get(2).grantedWorker()).isEqualTo(w2);
        scheduler.markHealthy(w1);
        assertThat(w1.state()).isEqualTo(WorkerState.DRAINING);
        assertThat(scheduler.drain("nobody")).isEmpty();
    }

    @Test
    void whenNoReadyWorkerIsLeftTheWaitingAreRefused() {
        SlotScheduler scheduler = scheduler(Strategy.FIFO, 8);
        scheduler.register(registration("w1", 1));
        List<Ticket> tickets = admit(scheduler, 3);

        scheduler.remove("w1");

        assertThat(scheduler.waiting()).isZero();
        assertThatThrownBy(() -> tickets.get(2).awaitWorker()).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.NO_WORKER));
    }

    @Test
    void switchingStrategyKeepsEveryWaitingInvocationInArrivalOrder() {
        SlotScheduler scheduler = scheduler(Strategy.RR, 8);
        Worker w1 = scheduler.register(registration("w1", 1));
        Worker w2 = scheduler.register(registration("w2", 1));
        List<Ticket> tickets = admit(scheduler, 5);

        assertThat(scheduler.switchTo(Strategy.FIFO)).isEqualTo(Strategy.FIFO);

        assertThat(scheduler.strategy()).isEqualTo(Strategy.FIFO);
        assertThat(scheduler.waiting()).isEqualTo(3);
        assertThat(w1.status().queued() + w2.status().queued()).isZero();
        scheduler.release(w2, true);
        scheduler.release(w2, true);
        scheduler.release(w1, true);
        assertThat(tickets.subList(2, 5)).extracting(Ticket::grantedWorker).containsExactly(w2, w2, w1);
    }

    @Test
    void anInvocationThatNeverReachedItsWorkerKeepsItsArrivalPlace() {
        SlotScheduler scheduler = scheduler(Strategy.FIFO, 8);
        Worker w1 = scheduler.register(registration("w1", 1));
        Worker w2 = scheduler.register(registration("w2", 1));
        List<Ticket> tickets = admit(scheduler, 3);
        assertThat(tickets).extracting(Ticket::grantedWorker).containsExactly(w1, w2, null);

        scheduler.redeliver(tickets.get(0), w1);

        assertThat(w1.state()).isEqualTo(WorkerState.UNHEALTHY);
        assertThat(tickets.get(0).grantedWorker()).isNull();
        scheduler.release(w2, true);
        assertThat(tickets.get(0).grantedWorker()).isEqualTo(w2);
        assertThat(tickets.get(2).grantedWorker()).isNull();
    }

    @Test
    void anUnhealthyWorkersLineMovesAndItTakesWorkAgainWhenHealthy() {
        SlotScheduler scheduler = scheduler(Strategy.FIFO, 8);
        Worker w1 = scheduler.register(registration("w1", 1));

        scheduler.markUnhealthy(w1);

        assertThatThrownBy(scheduler::admit).isInstanceOf(FaasException.class);
        scheduler.markHealthy(w1);
        assertThat(scheduler.admit().grantedWorker()).isEqualTo(w1);
    }

    @Test
    void theSameRegistrationKeepsTheWorkerAndANewOneReplacesIt() {
        SlotScheduler scheduler = scheduler(Strategy.RR, 8);
        Worker first = scheduler.register(registration("w1", 1));

        assertThat(scheduler.register(registration("w1", 1))).isSameAs(first);
        Worker replacement = scheduler.register(registration("w1", 2));

        assertThat(replacement).isNotSameAs(first);
        assertThat(first.state()).isEqualTo(WorkerState.DEAD);
        assertThat(registry.ready()).containsExactly(replacement);
    }

    @Test
    void theRegistrationsVersionChangesWithMembershipNotWithARenewedLease() {
        SlotScheduler scheduler = scheduler(Strategy.RR, 8);
        String empty = registry.version();
        WorkerRegistration remote = new WorkerRegistration("remote-1", "https://10.0.0.2:9443", 7, 2, 2, 9000L);

        scheduler.register(remote);
        String joined = registry.version();
        scheduler.register(remote);
        String renewed = registry.version();
        scheduler.remove("remote-1");
        String left = registry.version();

        assertThat(joined).isNotEqualTo(empty);
        assertThat(renewed).isEqualTo(joined);
        assertThat(left).isNotEqualTo(joined).isNotEqualTo(empty);
        // another balancer (a restart) never shows the same version
        assertThat(new WorkerRegistry().version()).isNotEqualTo(empty);
    }

    private SlotScheduler scheduler(Strategy strategy, int capacity) {
        BalancerProperties properties = new BalancerProperties(null, strategy, Duration.ofSeconds(120), capacity,
                Duration.ofSeconds(1), Duration.ofSeconds(1), null);
        return new SlotScheduler(registry, new WorkerInFlightGauges(new SimpleMeterRegistry(), registry), properties);
    }

    private static List<Ticket> admit(SlotScheduler scheduler, int count) {
        return IntStream.range(0, count).mapToObj(i -> scheduler.admit()).toList();
    }

    private static WorkerRegistration registration(String id, int slots) {
        return new WorkerRegistration(id, "http://127.0.0.1:" + (9000 + slots), 1, slots, 0);
    }
}
