package dev.wasmfaas.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Health probes take a worker that fails them out of rotation, and bring it back when it recovers. */
class HealthIntegrationTests extends SchedulingTestSupport {

    @Test
    void aWorkerFailingItsHealthChecksReceivesNothingUntilItRecovers() throws Exception {
        FakeWorker sick = worker("w1");
        FakeWorker well = worker("w2");
        balancer.register(sick, well);

        sick.healthy(false);
        balancer.awaitState("w1", "UNHEALTHY");

        for (int i = 0; i < 6; i++) {
            assertThat(balancer.invoke("while-sick-" + i).worker()).isEqualTo("w2");
        }
        assertThat(sick.received()).isEmpty();

        sick.healthy(true);
        balancer.awaitState("w1", "READY");

        for (int i = 0; i < 4; i++) {
            assertThat(balancer.invoke("recovered-" + i).status()).isEqualTo(200);
        }
        assertThat(sick.received()).hasSize(2);
        assertThat(well.received()).hasSize(8);
    }
}
