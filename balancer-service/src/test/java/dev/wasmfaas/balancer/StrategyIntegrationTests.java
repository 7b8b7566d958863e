package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** RR, FIFO and WEIGHTED seen from outside: which worker receives what, and in which order. */
class StrategyIntegrationTests extends SchedulingTestSupport {

    @Test
    void roundRobinGivesEachWorkerExactlyItsShare() throws Exception {
        List<FakeWorker> fakes = List.of(worker("w1"), worker("w2"), worker("w3"), worker("w4"));
        fakes.forEach(balancer::register);

        for (int i = 0; i < 400; i++) {
            assertThat(balancer.invoke("rr-" + i).status()).isEqualTo(200);
        }

        assertThat(fakes).allSatisfy(fake -> {
            assertThat(fake.received()).hasSize(100);
            assertThat(balancer.worker(fake.id()).path("completed").asLong()).isEqualTo(100);
        });
    }

    @Test
    void fifoRunsInvocationsInArrivalOrder() throws Exception {
        balancer.useStrategy("FIFO");
        FakeWorker only = worker("w1").hold();
        balancer.register(only);
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        answers.add(balancer.invokeAsync("first", threads));
        only.awaitArrivals(1);

        List<String> sent = new ArrayList<>(List.of("first"));
        for (int i = 0; i < QUEUE_CAPACITY; i++) {
            answers.add(balancer.invokeAsync("q-" + i, threads));
            sent.add("q-" + i);
            balancer.awaitQueueDepth(i + 1);
        }
        // The shared line belongs to no worker: only the total counts it.
        assertThat(balancer.worker("w1").path("queued").asInt()).isZero();
        assertThat(balancer.call(HttpMethod.GET, "/queue", null).json().path("waiting").asInt())
                .isEqualTo(QUEUE_CAPACITY);
        only.open();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.join().status()).isEqualTo(200));
        assertThat(only.received()).containsExactlyElementsOf(sent);
    }

    @Test
    void fifoGivesAFreedSlotTheOldestInvocationWhicheverWorkerFreesIt() throws Exception {
        balancer.useStrategy("FIFO");
        FakeWorker w1 = worker("w1").hold();
        FakeWorker w2 = worker("w2").hold();
        balancer.register(w1, w2);
        CompletableFuture<Answer> first = balancer.invokeAsync("a", threads);
        BalancerCalls.await(() -> w1.received().size() + w2.received().size() == 1);
        CompletableFuture<Answer> second = balancer.invokeAsync("b", threads);
        BalancerCalls.await(() -> w1.received().size() + w2.received().size() == 2);
        FakeWorker stuck = w1.received().contains("a") ? w1 : w2;
        FakeWorker freed = stuck == w1 ? w2 : w1;
        List<CompletableFuture<Answer>> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queued.add(balancer.invokeAsync("q-" + i, threads));
            balancer.awaitQueueDepth(i + 1);
        }

        freed.open();

        assertThat(second.join().worker()).isEqualTo(freed.id());
        assertThat(queued).allSatisfy(answer -> assertThat(answer.join().worker()).isEqualTo(freed.id()));
        assertThat(freed.received()).containsExactly("b", "q-0", "q-1", "q-2", "q-3", "q-4", "q-5");
        stuck.open();
        assertThat(first.join().worker()).isEqualTo(stuck.id());
        assertThat(stuck.received()).containsExactly("a");
    }

    @Test
    void weightedSharesInProportionToTheWeights() throws Exception {
        balancer.useStrategy("WEIGHTED");
        FakeWorker light = worker("w1").slots(16).weight(1).latency(Duration.ofMillis(20));
        FakeWorker heavy = worker("w3").slots(16).weight(3).latency(Duration.ofMillis(20));
        balancer.register(light, heavy);

        runConcurrently(200, 16);

        double heavyShare = heavy.received().size() / 200.0;
        assertThat(light.received().size() + heavy.received().size()).isEqualTo(200);
        assertThat(heavyShare).as("share of the weight-3 worker").isBetween(0.65, 0.85);
    }

    @Test
    void weightedSendsLessToASlowWorker() throws Exception {
        balancer.useStrategy("WEIGHTED");
        FakeWorker fast = worker("w1").slots(16).latency(Duration.ofMillis(5));
        FakeWorker slow = worker("w2").slots(16).latency(Duration.ofMillis(300));
        balancer.register(fast, slow);

        runConcurrently(200, 16);

        assertThat(fast.received().size() + slow.received().size()).isEqualTo(200);
        assertThat(slow.received().size()).as("invocations of the slow worker").isLessThan(200 / 4);
    }

    @Test
    void switchingAtRuntimeMovesTheWaitingInvocationsUnderTheNewStrategy() throws Exception {
        assertThat(balancer.strategy()).isEqualTo("RR");
        FakeWorker w1 = worker("w1").hold();
        FakeWorker w2 = worker("w2").hold();
        balancer.register(w1, w2);
        CompletableFuture<Answer> a = balancer.invokeAsync("a", threads);
        BalancerCalls.await(() -> w1.received().size() + w2.received().size() == 1);
        CompletableFuture<Answer> b = balancer.invokeAsync("b", threads);
        BalancerCalls.await(() -> w1.received().size() + w2.received().size() == 2);
        FakeWorker stuck = w1.received().contains("a") ? w1 : w2;
        FakeWorker freed = stuck == w1 ? w2 : w1;
        // RR binds at arrival in strict rotation: c and e wait for the stuck worker, d and f for the other.
        List<CompletableFuture<Answer>> waiting = new ArrayList<>();
        for (String input : List.of("c", "d", "e", "f")) {
            waiting.add(balancer.invokeAsync(input, threads));
            balancer.awaitQueueDepth(waiting.size());
        }
        freed.open();
        assertThat(List.of(b, waiting.get(1), waiting.get(3)))
                .allSatisfy(answer -> assertThat(answer.join().worker()).isEqualTo(freed.id()));
        assertThat(balancer.worker(stuck.id()).path("queued").asInt()).isEqualTo(2);

        Answer switched = balancer.useStrategy("fifo");

        assertThat(switched.status()).isEqualTo(200);
        assertThat(switched.json().path("strategy").asString()).isEqualTo("FIFO");
        assertThat(balancer.strategy()).isEqualTo("FIFO");
        assertThat(List.of(waiting.get(0), waiting.get(2)))
                .allSatisfy(answer -> assertThat(answer.join().worker()).isEqualTo(freed.id()));
        assertThat(freed.received()).containsExactly("b", "d", "f", "c", "e");
        stuck.open();
        assertThat(a.join().status()).isEqualTo(200);
        assertThat(stuck.received()).containsExactly("a");
    }

    @Test
    void anUnknownStrategyIsABadRequest() {
        Answer answer = balancer.useStrategy("LIFO");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.type()).isEqualTo("/problems/bad-request");
        assertThat(answer.json().path("ok").asBoolean(true)).isFalse();
        assertThat(answer.json().path("detail").asString()).contains("LIFO");
        assertThat(balancer.strategy()).isEqualTo("RR");
    }

    // Each client thread sends its next invocation as soon as the previous one is answered.
    private void runConcurrently(int invocations, int clients) {
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> done = IntStream.range(0, clients)
                .mapToObj(c -> CompletableFuture.runAsync(() -> {
                    for (int i = next.getAndIncrement(); i < invocations; i = next.getAndIncrement()) {
                        Answer answer = balancer.invoke("load-" + i);
                        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
                    }
                }, threads))
                .toList();
        done.forEach(CompletableFuture::join);
    }
}
