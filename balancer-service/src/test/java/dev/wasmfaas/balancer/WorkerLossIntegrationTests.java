package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * A worker that goes away: its calls in flight are answered 502 worker-lost at once (the worker
 * timeout is 60 s here, beyond the test's own timeout), and what waited for it runs elsewhere.
 */
class WorkerLossIntegrationTests extends SchedulingTestSupport {

    @Test
    void aRemovedWorkersCallsAreLostAtOnceAndItsLineMovesToAnotherWorker() throws Exception {
        Scene scene = scene();

        assertThat(balancer.call(HttpMethod.DELETE, "/workers/w1", null).status()).isEqualTo(204);

        Answer lost = scene.inFlight().join();
        assertThat(lost.status()).as("%s", lost).isEqualTo(502);
        assertThat(lost.type()).isEqualTo("/problems/worker-lost");
        assertThat(lost.worker()).isEqualTo("w1");
        assertThat(lost.json().path("detail").asString()).contains("removed");
        scene.assertWaitingRanOnTheOtherWorker();
    }

    @Test
    void aKilledWorkersCallsAreLostAtOnceAndItsLineMovesToAnotherWorker() throws Exception {
        Scene scene = scene();

        scene.doomed().stop();

        Answer lost = scene.inFlight().join();
        assertThat(lost.status()).as("%s", lost).isEqualTo(502);
        assertThat(lost.type()).isEqualTo("/problems/worker-lost");
        assertThat(lost.worker()).isEqualTo("w1");
        scene.assertWaitingRanOnTheOtherWorker();
        assertThat(balancer.state("w1")).isEqualTo("UNHEALTHY");
    }

    @Test
    void aWorkerThatBreaksACallsConnectionLeavesRotationBeforeItsSlotGoesToTheNextInItsLine() throws Exception {
        // w1 goes on listening and answering its health probes: without leaving rotation at the broken call, "c"
        // would get its slot and be hung up on in turn.
        Scene scene = scene(track(FakeWorker.hangingUp("w1")).hold());

        scene.doomed().open();

        Answer lost = scene.inFlight().join();
        assertThat(lost.status()).as("%s", lost).isEqualTo(502);
        assertThat(lost.type()).isEqualTo("/problems/worker-lost");
        assertThat(lost.json().path("detail").asString()).contains("broke", "out of rotation");
        scene.assertWaitingRanOnTheOtherWorker();
        balancer.awaitState("w1", "READY");
    }

    private Scene scene() throws Exception {
        return scene(worker("w1").hold());
    }

    // w1 holds "a" and has "c" and "e" waiting for its only slot; w2 answers at once and got "b" and "d".
    private Scene scene(FakeWorker doomed) throws Exception {
        FakeWorker other = worker("w2");
        balancer.register(doomed);
        CompletableFuture<Answer> inFlight = balancer.invokeAsync("a", threads);
        doomed.awaitArrivals(1);
        balancer.register(other);
        // RR goes by id after the last pick (w1): b to w2, c to w1, d to w2, e to w1.
        assertThat(balancer.invoke("b").worker()).isEqualTo("w2");
        CompletableFuture<Answer> c = balancer.invokeAsync("c", threads);
        balancer.awaitQueued("w1", 1);
        assertThat(balancer.invoke("d").worker()).isEqualTo("w2");
        CompletableFuture<Answer> e = balancer.invokeAsync("e", threads);
        balancer.awaitQueued("w1", 2);
        return new Scene(doomed, other, inFlight, c, e);
    }

    private record Scene(FakeWorker doomed, FakeWorker other, CompletableFuture<Answer> inFlight,
            CompletableFuture<Answer> c, CompletableFuture<Answer> e) {

        void assertWaitingRanOnTheOtherWorker() {
            assertThat(c.join().status()).as("%s", c.join()).isEqualTo(200);
            assertThat(c.join().worker()).isEqualTo("w2");
            assertThat(e.join().status()).as("%s", e.join()).isEqualTo(200);
            assertThat(e.join().worker()).isEqualTo("w2");
            assertThat(doomed.received()).containsExactly("a");
            assertThat(other.received()).containsExactly("b", "d", "c", "e");
        }
    }
}
