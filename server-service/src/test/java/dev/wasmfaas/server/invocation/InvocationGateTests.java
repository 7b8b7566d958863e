package dev.wasmfaas.server.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.TestProperties;

class InvocationGateTests {

    @Test
    void waitsForInFlightInvocationsThenRefusesNewOnes() throws Exception {
        InvocationGate gate = new InvocationGate(TestProperties.in(Path.of("/tmp")));
        gate.enter();
        Thread finisher = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            gate.leave();
        });

        gate.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));

        assertThat(gate.inFlight()).isZero();
        finisher.join();
        assertThatThrownBy(gate::enter).isInstanceOfSatisfying(FaasException.class,
                ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.SHUTTING_DOWN));
        assertThat(gate.inFlight()).isZero();
    }
}
