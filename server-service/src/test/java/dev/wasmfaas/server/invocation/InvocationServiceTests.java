package dev.wasmfaas.server.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.RemoteProblemException;
import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.activation.Activation;
import dev.wasmfaas.server.activation.ActivationStore;
import dev.wasmfaas.server.config.ServerProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

class InvocationServiceTests {

    @TempDir
    Path dir;
    private final BalancerClient balancer = mock(BalancerClient.class);
    private final ActivationStore activations = new ActivationStore(TestProperties.in(Path.of("x")).activations(),
            Clock.systemUTC());
    private InvocationGate gate;
    private AsyncInvocations async;
    private InvocationService service;
    private FunctionStore store;
    private FunctionRegistry registry;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        store = new FunctionStore(TestProperties.in(dir));
        registry = new FunctionRegistry(store);
        registry.add(new FunctionMetadata("hello_2", "hello", "c", 2, Instant.EPOCH, "source.c", 1, "module.wasm",
                "digest", List.of("--verbose"), Map.of("K", "V"), null));
        gate = new InvocationGate(TestProperties.in(dir));
        async = new AsyncInvocations(TestProperties.in(dir));
        service = new InvocationService(registry, store, balancer, TestProperties.in(dir), gate,
                new InvocationCounts(), activations, async, new InvocationMetrics(meters));
    }

    @AfterEach
    void tearDown() {
        async.destroy();
    }

    @Test
    void sendsTheStoredModuleAndConfigurationToTheBalancer() {
        given(balancer.invoke(any())).willReturn(result(InvocationStatus.SUCCESS, 0));

        InvokeResponse response = service.invoke("hello", "in".getBytes());

        ArgumentCaptor<InvocationRequest> sent = ArgumentCaptor.forClass(InvocationRequest.class);
        Mockito.verify(balancer).invoke(sent.capture());
        assertThat(sent.getValue().artifact()).isEqualTo(store.root().resolve("hello_2/module.wasm").toString());
        assertThat(sent.getValue().digest()).isEqualTo("digest");
        assertThat(sent.getValue().input()).isEqualTo("in".getBytes());
        assertThat(sent.getValue().args()).containsExactly("--verbose");
        assertThat(sent.getValue().limits().timeoutMs()).isEqualTo(10_000);
        assertThat(response.ok()).isTrue();
        assertThat(response.id()).isEqualTo("hello_2");
    }

    @Test
    void sendsTheLimitsTheFunctionAskedForOverTheDefaults() {
        registry.add(new FunctionMetadata("quick_3", "quick", "c", 3, Instant.EPOCH, "source.c", 1, "module.wasm",
                "digest", List.of(), Map.of(), new dev.wasmfaas.server.function.LimitOverrides(500L, null, 4096)));
        given(balancer.invoke(any())).willReturn(result(InvocationStatus.SUCCESS, 0));

        service.invoke("quick", new byte[0]);

        ArgumentCaptor<InvocationRequest> sent = ArgumentCaptor.forClass(InvocationRequest.class);
        Mockito.verify(balancer).invoke(sent.capture());
        assertThat(sent.getValue().limits()).isEqualTo(new dev.wasmfaas.common.contract.Limits(500, 128, 4096));
    }

    @Test
    void aNonZeroExitIsAResultNotAnError() {
        given(balancer.invoke(any())).willReturn(result(InvocationStatus.FAILED, 3));

        InvokeResponse response = service.invoke("hello_2", new byte[0]);

        assertThat(response.ok()).isFalse();
        assertThat(response.exitCode()).isEqualTo(3);
    }

    @Test
    void abnormalEndsBecomeProblemsCarryingTheOutput() {
        given(balancer.invoke(any())).willReturn(result(InvocationStatus.TIMEOUT, -1));

        assertThatThrownBy(() -> service.invoke("hello", new byte[0]))
                .isInstanceOfSatisfying(ActivationProblemException.class, ex -> {
                    FaasException problem = (FaasException) ex.problem();
                    assertThat(problem.kind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(problem.properties()).containsEntry("output", "out").containsEntry("worker", "worker-1")
                            .containsEntry("activationId", ex.activationId());
                    Activation recorded = activations.find(ex.activationId()).orElseThrow();
                    assertThat(recorded.status()).isEqualTo("timeout");
                    assertThat(recorded.message()).isEqualTo("why");
                    assertThat(recorded.output()).isEqualTo("out");
                    assertThat(recorded.exitCode()).isEqualTo(-1);
                });
    }

    @Test
    void recordsEverySuccessfulInvocationUnderTheIdItSent() {
        given(balancer.invoke(any())).willAnswer(call -> {
            InvocationRequest request = call.getArgument(0);
            return new InvocationResult(request.activationId(), InvocationStatus.SUCCESS, 0, "hi\n", "", 4,
                    "worker-2", null, true);
        });

        InvokeResponse response = service.invoke("hello", "abc".getBytes());

        Activation recorded = activations.find(response.activationId()).orElseThrow();
        assertThat(recorded.status()).isEqualTo("success");
        assertThat(recorded.name()).isEqualTo("hello");
        assertThat(recorded.functionId()).isEqualTo("hello_2");
        assertThat(recorded.output()).isEqualTo("hi\n");
        assertThat(recorded.exitCode()).isZero();
        assertThat(recorded.worker()).isEqualTo("worker-2");
        assertThat(recorded.durationMs()).isEqualTo(4);
        assertThat(recorded.payloadBytes()).isEqualTo(3);
        assertThat(recorded.async()).isFalse();
        assertThat(recorded.start()).isNotNull();
        assertThat(recorded.end()).isNotNull();
    }

    @Test
    void recordsANonZeroExitAsFailed() {
        given(balancer.invoke(any())).willReturn(result(InvocationStatus.FAILED, 3));

        InvokeResponse response = service.invoke("hello", new byte[0]);

        assertThat(activations.find(response.activationId()).orElseThrow())
                .extracting(Activation::status, Activation::exitCode).containsExactly("failed", 3);
    }

    @Test
    void recordsAProblemOfTheBalancerAndAddsTheActivationToIt() {
        given(balancer.invoke(any())).willThrow(new RemoteProblemException(502,
                "{\"type\":\"/problems/worker-lost\",\"status\":502,\"detail\":\"worker-1 died\",\"ok\":false}"
                        .getBytes(),
                "application/problem+json"));

        assertThatThrownBy(() -> service.invoke("hello", new byte[0]))
                .isInstanceOfSatisfying(ActivationProblemException.class, ex -> {
                    RemoteProblemException relayed = (RemoteProblemException) ex.problem();
                    assertThat(relayed.status()).isEqualTo(502);
                    assertThat(new String(relayed.body())).contains("\"activationId\":\"" + ex.activationId() + "\"")
                            .contains("worker-lost");
                    assertThat(activations.find(ex.activationId()).orElseThrow())
                            .extracting(Activation::status, Activation::message, Activation::exitCode)
                            .containsExactly("worker-lost", "worker-1 died", null);
                });
    }

    @Test
    void recordsAnUnreachableBalancer() {
        given(balancer.invoke(any())).willThrow(new FaasException(ErrorKind.UPSTREAM_UNAVAILABLE, "gone"));

        assertThatThrownBy(() -> service.invoke("hello", new byte[0]))
                .isInstanceOfSatisfying(ActivationProblemException.class, ex -> assertThat(
                        activations.find(ex.activationId()).orElseThrow().status()).isEqualTo("upstream-unavailable"));
    }

    @Test
    void recordsAnInvocationRefusedWhileDraining() {
        gate.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));

        assertThatThrownBy(() -> service.invoke("hello", new byte[0]))
                .isInstanceOfSatisfying(ActivationProblemException.class, ex -> assertThat(
                        activations.find(ex.activationId()).orElseThrow().status()).isEqualTo("shutting-down"));
        assertThatThrownBy(() -> service.submit("hello", new byte[0])).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.SHUTTING_DOWN));
    }

    @Test
    void runsAnAsynchronousInvocationInTheBackground() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        given(balancer.invoke(any())).willAnswer(call -> {
            release.await();
            InvocationRequest request = call.getArgument(0);
            return new InvocationResult(request.activationId(), InvocationStatus.SUCCESS, 0, "later", "", 7,
                    "worker-1", null, false);
        });

        AsyncInvokeResponse accepted = service.submit("hello", new byte[0]);

        assertThat(accepted.status()).isEqualTo("queued");
        assertThat(accepted.id()).isEqualTo("hello_2");
        assertThat(activations.find(accepted.activationId()).orElseThrow().status()).isIn("queued", "running");
        assertThat(activations.find(accepted.activationId()).orElseThrow().async()).isTrue();
        release.countDown();
        Activation done = awaitDone(accepted.activationId());
        assertThat(done.status()).isEqualTo("success");
        assertThat(done.output()).isEqualTo("later");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void refusesAsynchronousInvocationsPastThePendingBound() throws Exception {
        ServerProperties small = withAsync(new ServerProperties.Async(2, 1));
        AsyncInvocations bounded = new AsyncInvocations(small);
        InvocationService service = new InvocationService(registry, store, balancer, small, gate,
                new InvocationCounts(), activations, bounded, new InvocationMetrics(meters));
        CountDownLatch release = new CountDownLatch(1);
        given(balancer.invoke(any())).willAnswer(call -> {
            release.await();
            return result(InvocationStatus.SUCCESS, 0);
        });
        try {
            String first = service.submit("hello", new byte[0]).activationId();
            String second = service.submit("hello", new byte[0]).activationId();

            assertThatThrownBy(() -> service.submit("hello", new byte[0])).isInstanceOfSatisfying(
                    FaasException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.QUEUE_FULL));
            // One runs at a time: the second waits as queued.
            awaitStatus(first, "running");
            assertThat(activations.find(second).orElseThrow().status()).isEqualTo("queued");
            release.countDown();
            assertThat(awaitDone(first).status()).isEqualTo("success");
            assertThat(awaitDone(second).status()).isEqualTo("success");
            assertThat(service.submit("hello", new byte[0]).status()).isEqualTo("queued");
        } finally {
            release.countDown();
            bounded.destroy();
        }
    }

    @Test
    void anUnknownFunctionIsRefusedBeforeAnythingIsAccepted() {
        assertThatThrownBy(() -> service.submit("nope", new byte[0])).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.FUNCTION_NOT_FOUND));
        assertThat(activations.size()).isZero();
    }

    private ServerProperties withAsync(ServerProperties.Async async) {
        ServerProperties p = TestProperties.in(dir);
        return new ServerProperties(p.socket(), p.functionsDir(), p.runtimeDir(), p.balancer(), p.pool(), p.compile(),
                p.limits(), p.drainTimeout(), p.activations(), async);
    }

    private Activation awaitDone(String id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            Activation activation = activations.find(id).orElseThrow();
            if (activation.done()) {
                return activation;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("activation " + id + " did not end");
    }

    private void awaitStatus(String id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline) && !activations.find(id).orElseThrow().status().equals(status)) {
            Thread.sleep(10);
        }
        assertThat(activations.find(id).orElseThrow().status()).isEqualTo(status);
    }

    @Test
    void anUnknownFunctionIsNotFound() {
        assertThatThrownBy(() -> service.invoke("nope", new byte[0])).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.FUNCTION_NOT_FOUND));
        assertThatThrownBy(() -> service.invoke("", new byte[0])).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
    }

    @Test
    void eachInvocationIsCountedByFunctionNameAndStatusWithItsDurationAndBytes() {
        given(balancer.invoke(any())).willReturn(result(InvocationStatus.SUCCESS, 0));
        service.invoke("hello", "in".getBytes());
        service.invoke("hello_2", "input".getBytes());
        given(balancer.invoke(any())).willReturn(result(InvocationStatus.TIMEOUT, -1));
        assertThatThrownBy(() -> service.invoke("hello", new byte[0])).isInstanceOf(ActivationProblemException.class);
        given(balancer.invoke(any())).willThrow(new FaasException(ErrorKind.QUEUE_FULL, "full"));
        assertThatThrownBy(() -> service.invoke("hello", new byte[0])).isInstanceOf(ActivationProblemException.class);

        assertThat(meters.get("faas.invocations").tags("function", "hello", "status", "success").counter().count())
                .isEqualTo(2);
        assertThat(meters.get("faas.invocations").tags("function", "hello", "status", "timeout").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("faas.timeouts").tags("function", "hello").counter().count()).isEqualTo(1);
        assertThat(meters.get("faas.invocations").tags("function", "hello", "status", "queue_full").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("faas.errors").tags("function", "hello", "status", "queue_full").counter().count())
                .isEqualTo(1);
        assertThat(meters.find("faas.errors").tags("status", "timeout").counter()).isNull();
        var duration = meters.get("faas.invoke_duration").tags("function", "hello").timer();
        assertThat(duration.count()).isEqualTo(3);
        assertThat(duration.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(15);
        assertThat(meters.get("faas.invocation.input").tags("function", "hello").counter().count()).isEqualTo(7);
        assertThat(meters.get("faas.invocation.output").tags("function", "hello").counter().count()).isEqualTo(18);
        // The label is the function's name, never an id of a version or of a call.
        assertThat(meters.find("faas.invocations").tags("function", "hello_2").counter()).isNull();
    }

    private static InvocationResult result(InvocationStatus status, int exitCode) {
        return new InvocationResult("a", status, exitCode, "out", "err", 5, "worker-1", "why", false);
    }
}
