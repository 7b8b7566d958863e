package dev.wasmfaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The overlay deploy/kubernetes/script-sandbox: it unconfines the worker container, and changes nothing else. */
@ExtendWith(KubectlCondition.class)
class ScriptSandboxOverlayTests {

    private Rendering r;

    @BeforeEach
    void render() throws Exception {
        r = Rendering.get();
    }

    @Test
    void theOverlayOnlyUnconfinesTheWorkers() {
        KubernetesSerialization json = new KubernetesSerialization();
        // A copy: its objects are put back as the base has them below, and the rendering is shared.
        Manifests sandbox = new Manifests(r.sandbox.objects().stream().map(json::clone).toList());
        Container worker = sandbox.one(Deployment.class, "worker").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(worker.getSecurityContext().getSeccompProfile().getType()).isEqualTo("Unconfined");
        assertThat(worker.getSecurityContext().getAppArmorProfile().getType()).isEqualTo("Unconfined");
        Map<String, String> labels = sandbox.one(Namespace.class, "wasm-faas").getMetadata().getLabels();
        assertThat(labels).containsEntry("pod-security.kubernetes.io/enforce", "privileged")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted");

        Container baseWorker = r.container("worker");
        worker.getSecurityContext().setSeccompProfile(baseWorker.getSecurityContext().getSeccompProfile());
        worker.getSecurityContext().setAppArmorProfile(baseWorker.getSecurityContext().getAppArmorProfile());
        labels.put("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(json.asJson(sandbox.objects())).isEqualTo(json.asJson(r.base.objects()));
    }
}
