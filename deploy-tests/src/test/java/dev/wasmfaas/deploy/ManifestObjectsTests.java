package dev.wasmfaas.deploy;

import static dev.wasmfaas.deploy.Rendering.names;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * What {@code kubectl kustomize deploy/kubernetes} renders: every object of a kind the fabric8 model knows, with
 * only fields its class has (Manifests.parse refuses anything else, StrictParseTests), and the objects the
 * deployment needs. No
 * cluster runs here: what an API server or a cluster would do with them is not tested.
 */
@ExtendWith(KubectlCondition.class)
class ManifestObjectsTests {

    private Rendering r;

    @BeforeEach
    void render() throws Exception {
        r = Rendering.get();
    }

    @Test
    void theDeploymentHasEveryObjectItNeedsInItsNamespace() {
        assertThat(names(r.base.all(Namespace.class))).containsExactly("wasm-faas");
        assertThat(r.base.one(Namespace.class, "wasm-faas").getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(names(r.base.all(Deployment.class))).containsExactlyInAnyOrder("gateway", "balancer", "worker");
        assertThat(names(r.base.all(StatefulSet.class))).containsExactly("server");
        assertThat(names(r.base.all(Service.class))).containsExactlyInAnyOrder("gateway", "server", "balancer", "worker");
        assertThat(names(r.base.all(HorizontalPodAutoscaler.class))).containsExactly("worker");
        assertThat(names(r.base.all(PodDisruptionBudget.class))).containsExactlyInAnyOrder("gateway", "worker");
        assertThat(r.base.all(NetworkPolicy.class)).isNotEmpty();
        assertThat(r.base.objects()).allSatisfy(o -> {
            if (!(o instanceof Namespace)) {
                assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo("wasm-faas");
            }
        });
    }

    @Test
    void theServerIsAStatefulSetWithItsFunctionsOnAVolumeClaim() {
        StatefulSet server = r.base.one(StatefulSet.class, "server");
        assertThat(server.getSpec().getReplicas()).isEqualTo(1);
        Service governing = r.base.one(Service.class, server.getSpec().getServiceName());
        assertThat(governing.getSpec().getClusterIP()).isEqualTo("None");
        PodTemplateSpec template = server.getSpec().getTemplate();
        Container container = template.getSpec().getContainers().get(0);
        String functionsDir = r.settings(template, container).getProperty("faas.server.functions-dir");
        assertThat(functionsDir).isNotBlank();
        PersistentVolumeClaim claim = server.getSpec().getVolumeClaimTemplates().stream()
                .filter(c -> container.getVolumeMounts().stream()
                        .anyMatch(m -> m.getName().equals(c.getMetadata().getName()) && m.getMountPath().equals(functionsDir)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume claim mounted at " + functionsDir));
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
        assertThat(template.getSpec().getSecurityContext().getFsGroup()).as("the volume writable by the image's user")
                .isEqualTo(r.dockerfile.uid());
    }
}
