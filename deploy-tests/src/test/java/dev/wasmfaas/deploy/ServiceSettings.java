package dev.wasmfaas.deploy;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings one service knows: the Spring Boot configuration metadata inside its jar, its own
 * ({@code faas.<service>.*}, from its properties record) and that of every library it carries (server.*,
 * management.*, spring.ssl.*, from its spring-boot jars). A key is known when the metadata names it, or when it goes through a map-valued
 * setting into a property of the map's value type ({@code spring.ssl.bundle.pem.<name>.keystore.certificate}).
 */
final class ServiceSettings {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final Pattern MAP_TYPE = Pattern.compile("java\\.util\\.Map<java\\.lang\\.String,\\s*([\\w.$]+)>");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String jar;
    /** Every property named by the metadata, with its type. */
    private final Map<String, String> types = new HashMap<>();

    private ServiceSettings(String jar) {
        this.jar = jar;
    }

    /** Reads the metadata of the service jar (a Spring Boot jar: its classes and every jar under BOOT-INF/lib). */
    static ServiceSettings of(Path bootJar) throws IOException {
        ServiceSettings settings = new ServiceSettings(bootJar.getFileName().toString());
        try (ZipFile zip = new ZipFile(bootJar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                // The service's own metadata: Boot's repackaging moves META-INF/ out of BOOT-INF/classes/.
                if (entry.getName().equals(METADATA) || entry.getName().equals("BOOT-INF/classes/" + METADATA)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        settings.add(in.readAllBytes());
                    }
                } else if (entry.getName().startsWith("BOOT-INF/lib/spring-boot") && entry.getName().endsWith(".jar")) {
                    // Every server.*, management.* and spring.* setting is Boot's; the other libraries are not read.
                    try (ZipInputStream nested = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry inner; (inner = nested.getNextEntry()) != null; ) {
                            if (inner.getName().equals(METADATA)) {
                                settings.add(nested.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
        return settings;
    }

    private void add(byte[] metadata) throws IOException {
        JsonNode root = JSON.readTree(new ByteArrayInputStream(metadata));
        for (JsonNode property : root.path("properties")) {
            types.put(property.path("name").asString(), property.path("type").asString(""));
        }
    }

    /** Why this key is not a setting of the service, or empty when it is one. */
    Optional<String> problemWith(String key) {
        if (types.containsKey(key)) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> property : types.entrySet()) {
            Matcher map = MAP_TYPE.matcher(property.getValue());
            if (map.matches() && key.startsWith(property.getKey() + ".")) {
                String[] rest = key.substring(property.getKey().length() + 1).split("\\.");
                // rest[0] is the map's key (the bundle's name); the others walk the value type's bean properties.
                return walk(map.group(1), rest, 1, key);
            }
        }
        return Optional.of(key + " is not a setting of " + jar);
    }

    /** The environment variable names Spring Boot binds to a known property ({@code FAAS_GATEWAY_AUTH_API_KEY}). */
    boolean bindsEnvironment(String variable) {
        return types.keySet().stream().anyMatch(name -> envNames(name).contains(variable));
    }

    private static Set<String> envNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        // The canonical form drops dashes; Boot also binds the legacy form that writes them as underscores.
        return Set.copyOf(List.of(upper.replace("-", ""), upper.replace('-', '_')));
    }

    private Optional<String> walk(String typeName, String[] path, int at, String key) {
        if (at >= path.length) {
            return Optional.empty();
        }
        Class<?> type;
        try {
            type = Class.forName(typeName, false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.of(key + ": the type " + typeName + " of a map-valued setting is not on the test class path");
        }
        String wanted = camel(path[at]);
        try {
            for (PropertyDescriptor descriptor : Introspector.getBeanInfo(type).getPropertyDescriptors()) {
                if (descriptor.getName().equals(wanted) && descriptor.getReadMethod() != null) {
                    if (at == path.length - 1) {
                        return Optional.empty();
                    }
                    return walk(descriptor.getPropertyType().getName(), path, at + 1, key);
                }
            }
        } catch (IntrospectionException e) {
            return Optional.of(key + ": " + e.getMessage());
        }
        return Optional.of(key + ": " + type.getSimpleName() + " has no property " + path[at]);
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
