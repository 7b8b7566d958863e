package dev.wasmfaas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Properties;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * The manifests as {@code kubectl kustomize} renders them (the default deployment and the script-sandbox
 * overlay), once per test JVM, with what they are checked against: docker/Dockerfile and the settings each
 * service's jar knows.
 */
final class Rendering {

    /** Where each service reads its settings: Spring Boot's ./config/ beside the image's working directory. */
    static final String CONFIG_DIR = "/app/config";

    private static Rendering rendered;

    final Path home;
    final Manifests base;
    final Manifests sandbox;
    final Dockerfile dockerfile;
    private final Map<String, ServiceSettings> settingsByService = new HashMap<>();

    private Rendering(Path home, Manifests base, Manifests sandbox, Dockerfile dockerfile) {
        this.home = home;
        this.base = base;
        this.sandbox = sandbox;
        this.dockerfile = dockerfile;
    }

    /** The rendering, made by the first caller (the tests that use it run only where a kubectl exists). */
    static synchronized Rendering get() throws IOException, InterruptedException {
        if (rendered == null) {
            Path home = Path.of(System.getProperty("faas.home", "..")).toAbsolutePath().normalize();
            Kustomize kubectl = Kustomize.find().orElseThrow(() -> new IllegalStateException("no kubectl"));
            rendered = new Rendering(home,
                    Manifests.parse(kubectl.render(home.resolve("deploy/kubernetes"))),
                    Manifests.parse(kubectl.render(home.resolve("deploy/kubernetes/script-sandbox"))),
                    Dockerfile.read(home.resolve("docker/Dockerfile")));
        }
        return rendered;
    }

    /** The pod template of a workload of the default deployment. */
    PodTemplateSpec template(String workload) {
        return Objects.requireNonNull(base.podTemplates().get(workload), "no workload " + workload);
    }

    /** The one container of a workload of the default deployment. */
    Container container(String workload) {
        return template(workload).getSpec().getContainers().get(0);
    }

    /** The application.properties a container reads. */
    Properties settings(PodTemplateSpec template, Container container) {
        return base.settingsAt(template, container.getName(), CONFIG_DIR);
    }

    Properties settings(String workload) {
        return settings(template(workload), container(workload));
    }

    /** The Dockerfile stage whose image the container runs ({@code wasm-faas/<stage>:<tag>}). */
    Dockerfile.Stage stage(Container container) {
        String image = container.getImage();
        assertThat(image).as(container.getName() + ": an image of docker/Dockerfile").startsWith("wasm-faas/");
        String name = image.substring("wasm-faas/".length()).replaceFirst(":[^/]*$", "");
        Dockerfile.Stage stage = dockerfile.stages().get(name);
        assertThat(stage).as("docker/Dockerfile has a target " + name).isNotNull();
        return stage;
    }

    /** The jar a container runs: after -jar in its command, else in its image's entrypoint. */
    String jarOf(Container container) {
        String jar = container.getCommand() == null ? null : Dockerfile.jarOf(container.getCommand());
        return jar != null ? jar : Dockerfile.jarOf(stage(container).entrypoint());
    }

    /** The settings the service whose jar runs in the container knows, read from its built jar. */
    synchronized ServiceSettings serviceSettings(Container container) throws IOException {
        String service = Path.of(jarOf(container)).getFileName().toString().replace(".jar", "") + "-service";
        ServiceSettings settings = settingsByService.get(service);
        if (settings == null) {
            Path jar = home.resolve(service).resolve("target").resolve(service + ".jar");
            assertThat(jar).as("the built jar of " + service + " (./mvnw package)").exists();
            settings = ServiceSettings.of(jar);
            settingsByService.put(service, settings);
        }
        return settings;
    }

    int servicePort(String service, String name) {
        return servicePortNamed(service, name).getPort();
    }

    ServicePort servicePortNamed(String service, String name) {
        return base.one(Service.class, service).getSpec().getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Service " + service + " has no port " + name));
    }

    static int port(Container container, String name) {
        return container.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException(container.getName() + " has no port named " + name));
    }

    /** Whether a label selector (labels only, as the manifests write them) selects pods with these labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        assertThat(selector.getMatchExpressions()).as("selectors here use labels only").isNullOrEmpty();
        Map<String, String> wanted = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        return labels.entrySet().containsAll(wanted.entrySet());
    }

    static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).toList();
    }
}
