package dev.wasmfaas.server.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

import dev.wasmfaas.common.contract.InvocationRequest;
import dev.wasmfaas.common.contract.InvocationResult;
import dev.wasmfaas.common.contract.InvocationStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

class InvocationServiceTests {

    @TempDir
    Path dir;
    private final BalancerClient balancer = mock(BalancerClient.class);
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
        service = new InvocationService(registry, store, balancer, TestProperties.in(dir),
                new InvocationGate(TestProperties.in(dir)), new InvocationCounts(), new InvocationMetrics(meters));
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

        assertThatThrownBy(() -> service.invoke("hello", new byte[0])).isInstanceOfSatisfying(FaasException.class,
                ex -> {
                    assertThat(ex.kind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(ex.properties()).containsEntry("output", "out").containsEntry("worker", "worker-1");
                });
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
        assertThatThrownBy(() -> service.invoke("hello", new byte[0])).isInstanceOf(FaasException.class);
        given(balancer.invoke(any())).willThrow(new FaasException(ErrorKind.QUEUE_FULL, "full"));
        assertThatThrownBy(() -> service.invoke("hello", new byte[0])).isInstanceOf(FaasException.class);

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
