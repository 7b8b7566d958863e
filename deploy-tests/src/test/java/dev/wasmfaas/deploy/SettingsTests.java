package dev.wasmfaas.deploy;

import static dev.wasmfaas.deploy.Rendering.port;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;

/**
 * The settings the pods get: every key a property of the service that reads it (so a rename breaks this test
 * instead of being ignored by Spring at run time), and the endpoints in them the Services' names and ports.
 */
@ExtendWith(KubectlCondition.class)
class SettingsTests {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
    /** Variables of the JVM and the C library, not Spring settings. */
    private static final Set<String> PROCESS_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");

    private Rendering r;

    @BeforeEach
    void render() throws Exception {
        r = Rendering.get();
    }

    @Test
    void everySettingIsAPropertyOfTheServiceThatReadsIt() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, PodTemplateSpec> entry : r.base.podTemplates().entrySet()) {
            for (Container container : entry.getValue().getSpec().getContainers()) {
                String where = entry.getKey() + "/" + container.getName();
                ServiceSettings known = r.serviceSettings(container);
                Properties settings = r.settings(entry.getValue(), container);
                Set<String> variables = container.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
                for (String key : settings.stringPropertyNames()) {
                    Optional<String> problem = known.problemWith(key);
                    problem.ifPresent(text -> problems.add(where + ": " + text));
                    Matcher placeholder = PLACEHOLDER.matcher(settings.getProperty(key));
                    while (placeholder.find()) {
                        String name = placeholder.group(1);
                        if (!variables.contains(name) && known.problemWith(name).isPresent()) {
                            problems.add(where + ": " + key + " reads ${" + name + "}, which is neither set nor a setting");
                        }
                    }
                }
                for (EnvVar variable : container.getEnv()) {
                    String name = variable.getName();
                    boolean read = settings.stringPropertyNames().stream()
                            .anyMatch(k -> settings.getProperty(k).contains("${" + name + "}"));
                    if (!PROCESS_VARIABLES.contains(name) && !read && !known.bindsEnvironment(name)) {
                        problems.add(where + ": the environment variable " + name + " binds no setting of the service");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void endpointsNameTheServicesAndTheirPorts() {
        assertThat(r.settings("gateway").getProperty("faas.gateway.server"))
                .isEqualTo("http://server:" + r.servicePort("server", "http"));
        assertThat(r.settings("server").getProperty("faas.server.balancer"))
                .isEqualTo("http://balancer:" + r.servicePort("balancer", "http"));
        Properties worker = r.settings("worker");
        assertThat(worker.getProperty("faas.worker.remote.balancer")).isEqualTo("https://balancer:" + r.servicePort("balancer", "tls"));
        assertThat(worker.getProperty("faas.worker.remote.server")).isEqualTo("https://server:" + r.servicePort("server", "tls"));
        assertThat(r.settings("server").getProperty("faas.server.pool.size")).as("no local pool: the workers are pods")
                .isEqualTo("0");
    }

    @Test
    void everyServiceListensWhereItsContainerAndServicePortsSay() {
        for (String name : List.of("gateway", "server", "balancer")) {
            assertThat(Integer.parseInt(r.settings(name).getProperty("server.port")))
                    .as(name + " listens where its container port is").isEqualTo(port(r.container(name), "http"));
            assertThat(r.servicePortNamed(name, "http").getTargetPort()).isEqualTo(new IntOrString("http"));
        }
        assertThat(Integer.parseInt(r.settings("balancer").getProperty("faas.balancer.tls.port")))
                .isEqualTo(port(r.container("balancer"), "tls"));
        assertThat(Integer.parseInt(r.settings("server").getProperty("faas.server.tls.port")))
                .isEqualTo(port(r.container("server"), "tls"));
        assertThat(r.servicePortNamed("worker", "tls").getTargetPort()).isEqualTo(new IntOrString("tls"));
        assertThat(r.base.one(Service.class, "worker").getSpec().getClusterIP()).as("headless").isEqualTo("None");
    }

    @Test
    void aWorkerAnnouncesItsPodsOwnAddress() {
        Properties worker = r.settings("worker");
        int workerTls = port(r.container("worker"), "tls");
        assertThat(Integer.parseInt(worker.getProperty("faas.worker.tcp.port"))).isEqualTo(workerTls);
        assertThat(worker.getProperty("faas.worker.remote.advertise")).isEqualTo("https://${POD_IP}:" + workerTls);
        assertThat(worker.getProperty("server.address")).as("the plain listener only on the loopback").isEqualTo("127.0.0.1");
        assertThat(r.container("worker").getEnv()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("POD_IP");
            assertThat(v.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        });
    }

    @Test
    void everyTlsSettingNamesAFileOfTheMountedSecret() {
        for (String name : List.of("server", "balancer", "worker")) {
            PodTemplateSpec template = r.template(name);
            Properties settings = r.settings(name);
            String mount = r.container(name).getVolumeMounts().stream()
                    .filter(m -> template.getSpec().getVolumes().stream()
                            .anyMatch(v -> v.getName().equals(m.getName()) && v.getSecret() != null
                                    && v.getSecret().getSecretName().equals("faas-tls")))
                    .findFirst().orElseThrow().getMountPath();
            assertThat(settings.stringPropertyNames().stream().filter(k -> k.startsWith("spring.ssl.bundle.pem.faas.")))
                    .as(name + ": the SSL bundle faas").hasSize(3)
                    .allSatisfy(k -> assertThat(settings.getProperty(k)).startsWith("file:" + mount + "/"));
        }
    }
}
