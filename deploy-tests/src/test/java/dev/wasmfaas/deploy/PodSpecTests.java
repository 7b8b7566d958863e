package dev.wasmfaas.deploy;

import static dev.wasmfaas.deploy.Rendering.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;

/**
 * Every pod of the default deployment: probes from Actuator on the management port, requests and limits, what the
 * "restricted" Pod Security Standard asks, and the images and jars docker/Dockerfile builds.
 */
@ExtendWith(KubectlCondition.class)
class PodSpecTests {

    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";

    private Rendering r;

    @BeforeEach
    void render() throws Exception {
        r = Rendering.get();
    }

    @Test
    void everyContainerHasActuatorProbesOnItsManagementPort() {
        r.base.podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                String where = workload + "/" + container.getName();
                int management = Integer.parseInt(r.settings(template, container).getProperty("management.server.port"));
                assertThat(port(container, "management")).as(where + ": management port").isEqualTo(management);
                assertProbe(where + " liveness", container.getLivenessProbe(), LIVENESS, container, management);
                assertProbe(where + " readiness", container.getReadinessProbe(), READINESS, container, management);
                assertProbe(where + " startup", container.getStartupProbe(), LIVENESS, container, management);
                assertThat(template.getMetadata().getAnnotations())
                        .as(where + ": Prometheus scrapes the management port")
                        .containsEntry("prometheus.io/scrape", "true")
                        .containsEntry("prometheus.io/port", String.valueOf(management))
                        .containsEntry("prometheus.io/path", "/actuator/prometheus");
            }
        });
    }

    @Test
    void everyContainerHasRequestsAndLimits() {
        r.base.podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                String where = workload + "/" + container.getName();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = container.getResources().getRequests().get(resource);
                    Quantity limit = container.getResources().getLimits().get(resource);
                    assertThat(request).as(where + ": request of " + resource).isNotNull();
                    assertThat(limit).as(where + ": limit of " + resource).isNotNull();
                    assertThat(request.getNumericalAmount()).isGreaterThan(BigDecimal.ZERO);
                    assertThat(limit.getNumericalAmount()).as(where + ": limit of " + resource + " at least its request")
                            .isGreaterThanOrEqualTo(request.getNumericalAmount());
                }
            }
        });
    }

    @Test
    void everyPodRunsRestrictedAsTheImagesUser() {
        r.base.podTemplates().forEach((workload, template) -> {
            PodSecurityContext pod = template.getSpec().getSecurityContext();
            assertThat(template.getSpec().getAutomountServiceAccountToken()).as(workload + ": service account token").isFalse();
            assertThat(pod.getRunAsUser()).as(workload + ": the image's user").isEqualTo(r.dockerfile.uid());
            assertThat(pod.getRunAsNonRoot()).as(workload + ": runAsNonRoot").isTrue();
            assertThat(pod.getSeccompProfile().getType()).as(workload + ": pod seccomp").isEqualTo("RuntimeDefault");
            assertThat(template.getSpec().getHostNetwork()).as(workload + ": host network").isNotEqualTo(Boolean.TRUE);
            assertThat(template.getSpec().getHostPID()).as(workload + ": host PID").isNotEqualTo(Boolean.TRUE);
            assertThat(template.getSpec().getHostIPC()).as(workload + ": host IPC").isNotEqualTo(Boolean.TRUE);
            assertThat(template.getSpec().getVolumes()).as(workload + ": volumes of the kinds restricted allows")
                    .allSatisfy(v -> assertThat(v.getConfigMap() != null || v.getSecret() != null || v.getEmptyDir() != null
                            || v.getPersistentVolumeClaim() != null || v.getDownwardAPI() != null).isTrue());
            for (Container container : template.getSpec().getContainers()) {
                String where = workload + "/" + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security.getRunAsNonRoot()).as(where + ": runAsNonRoot").isTrue();
                assertThat(security.getReadOnlyRootFilesystem()).as(where + ": read-only root").isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(where + ": privilege escalation").isFalse();
                assertThat(security.getPrivileged()).as(where + ": privileged").isNotEqualTo(Boolean.TRUE);
                assertThat(security.getCapabilities().getDrop()).as(where + ": capabilities dropped").containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd()).as(where + ": capabilities added").isNullOrEmpty();
                assertThat(security.getSeccompProfile().getType()).as(where + ": seccomp").isEqualTo("RuntimeDefault");
                assertThat(container.getPorts()).as(where + ": no host port").allSatisfy(p -> assertThat(p.getHostPort()).isNull());
                // With a read-only root, the JVM's and Wasmtime's scratch needs a volume of its own.
                assertThat(template.getSpec().getVolumes()).as(where + ": /tmp on an emptyDir").anySatisfy(v -> {
                    assertThat(v.getEmptyDir()).isNotNull();
                    assertThat(container.getVolumeMounts())
                            .anySatisfy(m -> assertThat(m.getName() + m.getMountPath()).isEqualTo(v.getName() + "/tmp"));
                });
            }
        });
    }

    @Test
    void imagesAndJarsAreThoseDockerBuilds() throws IOException {
        String compose = Files.readString(r.home.resolve("docker-compose.yml"));
        Set<String> composeImages = new TreeSet<>();
        Matcher image = Pattern.compile("(?m)^\\s+image:\\s*(wasm-faas/\\S+)\\s*$").matcher(compose);
        while (image.find()) {
            composeImages.add(image.group(1));
        }
        r.base.podTemplates().forEach((workload, template) -> {
            for (Container container : template.getSpec().getContainers()) {
                String where = workload + "/" + container.getName();
                assertThat(composeImages).as(where + ": an image docker-compose.yml runs").contains(container.getImage());
                Dockerfile.Stage stage = r.stage(container);
                assertThat(stage.copied()).as(where + ": the jar it runs is in its image").contains(r.jarOf(container));
                if (container.getCommand() != null && !container.getCommand().isEmpty()) {
                    assertThat(container.getCommand().get(0)).isEqualTo(stage.entrypoint().get(0));
                }
            }
        });
    }

    private static void assertProbe(String where, Probe probe, String path, Container container, int managementPort) {
        assertThat(probe).as(where).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as(where + ": an HTTP probe").isNotNull();
        assertThat(get.getPath()).as(where + ": path").isEqualTo(path);
        IntOrString port = get.getPort();
        int number = port.getIntVal() != null ? port.getIntVal() : port(container, port.getStrVal());
        assertThat(number).as(where + ": on the management port").isEqualTo(managementPort);
    }
}
