package dev.wasmfaas.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The objects of one rendering, each parsed strictly into its fabric8 model class. */
record Manifests(List<HasMetadata> objects) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Parses every document; fails on a kind the model does not know and on any field its class does not have. */
    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
                throw new IllegalArgumentException("not a kind the Kubernetes model knows: " + firstLines(document));
            }
            List<String> unknown = StrictModel.unknownFields(object);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(object.getKind() + " " + object.getMetadata().getName()
                        + " has fields its kind does not have: " + unknown);
            }
            objects.add(object);
        }
        return new Manifests(List.copyOf(objects));
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind, String name) {
        return all(kind).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + kind.getSimpleName() + " named " + name));
    }

    /** The pod templates of every workload, by the workload's name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    /** The application.properties a pod's container reads from the ConfigMap mounted at the path given. */
    Properties settingsAt(PodTemplateSpec template, String container, String mountPath) {
        VolumeMount mount = template.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container))
                .flatMap(c -> c.getVolumeMounts().stream())
                .filter(m -> m.getMountPath().equals(mountPath))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException(container + " mounts nothing at " + mountPath));
        Volume volume = template.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no volume " + mount.getName()));
        if (volume.getConfigMap() == null) {
            throw new IllegalArgumentException(mountPath + " of " + container + " is not a ConfigMap");
        }
        ConfigMap map = one(ConfigMap.class, volume.getConfigMap().getName());
        String text = map.getData().get("application.properties");
        if (text == null) {
            throw new NoSuchElementException("ConfigMap " + map.getMetadata().getName() + " has no application.properties");
        }
        Properties settings = new Properties();
        try {
            settings.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    private static String firstLines(String document) {
        return document.strip().lines().limit(4).reduce((a, b) -> a + " / " + b).orElse("");
    }
}
