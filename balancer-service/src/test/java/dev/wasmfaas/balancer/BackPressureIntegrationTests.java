package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/** A bounded queue: what does not fit is refused at once with 429, and everything accepted runs. */
class BackPressureIntegrationTests extends SchedulingTestSupport {

    private static final int SENT = 20;

    @Test
    void aFullQueueIsRefusedAtOnceAndEveryAcceptedInvocationSucceeds() throws Exception {
        FakeWorker only = worker("w1").hold();
        balancer.register(only);
        double refusedBefore = balancer.invocations("queue-full");
        CompletableFuture<Answer> running = balancer.invokeAsync("running", threads);
        only.awaitArrivals(1);

        List<CompletableFuture<Answer>> answers = IntStream.range(0, SENT)
                .mapToObj(i -> balancer.invokeAsync("burst-" + i, threads))
                .toList();
        int refused = SENT - QUEUE_CAPACITY;
        // The only slot stays taken: whatever is answered now was answered without waiting for one.
        BalancerCalls.await(() -> answers.stream().filter(CompletableFuture::isDone).count() == refused);
        List<Answer> early = answers.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).toList();

        assertThat(early).hasSize(refused).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(429);
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(answer.contentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            assertThat(answer.type()).isEqualTo("/problems/queue-full");
            assertThat(answer.json().path("ok").asBoolean(true)).isFalse();
        });
        assertThat(balancer.queueDepth()).isEqualTo(QUEUE_CAPACITY);
        JsonNode queue = balancer.call(HttpMethod.GET, "/queue", null).json();
        assertThat(queue.path("waiting").asInt()).isEqualTo(QUEUE_CAPACITY);
        assertThat(queue.path("capacity").asInt()).isEqualTo(QUEUE_CAPACITY);
        assertThat(queue.path("inFlight").asInt()).isEqualTo(1);
        assertThat(queue.path("readySlots").asInt()).isEqualTo(1);
        assertThat(queue.path("registrations").asString()).matches("[0-9a-f]+-[0-9]+");
        assertThat(balancer.worker("w1").path("queued").asInt()).isEqualTo(QUEUE_CAPACITY);
        assertThat(balancer.invocations("queue-full")).isEqualTo(refusedBefore + refused);

        only.open();

        List<Answer> all = answers.stream().map(CompletableFuture::join).toList();
        long accepted = all.stream().filter(answer -> answer.status() == 200).count();
        long rejected = all.stream().filter(answer -> answer.status() == 429).count();
        assertThat(running.join().status()).isEqualTo(200);
        assertThat(accepted).isEqualTo(QUEUE_CAPACITY);
        assertThat(accepted + rejected).isEqualTo(SENT);
        assertThat(only.received()).hasSize(1 + QUEUE_CAPACITY).doesNotHaveDuplicates();
        assertThat(balancer.queueDepth()).isZero();
    }
}
