package dev.wasmfaas.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Strict parsing on top of the fabric8 model: every model class keeps the fields it does not know in
 * {@code additionalProperties} instead of failing, so a misspelt or misplaced field would pass unseen. This walks
 * the parsed tree and reports every field that landed there, with its path.
 */
final class StrictModel {

    private static final String MODEL = "io.fabric8.kubernetes.api.model";

    private StrictModel() {
    }

    /** The unknown fields anywhere in this object, as paths ({@code spec.template.spec.containers[0].readinesProbe}). */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, 0);
        return found;
    }

    private static void walk(Object value, String path, List<String> found, int depth) {
        if (value == null || depth > 40) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, depth + 1);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "[" + key + "]", found, depth + 1));
            return;
        }
        if (!value.getClass().getPackageName().startsWith(MODEL)) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isModelGetter(getter)) {
                continue;
            }
            Object child = invoke(getter, value);
            String name = propertyName(getter);
            if (name.equals("additionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(key -> found.add(join(path, String.valueOf(key))));
                }
            } else {
                walk(child, join(path, name), found, depth + 1);
            }
        }
    }

    private static boolean isModelGetter(Method method) {
        return method.getParameterCount() == 0
                && !Modifier.isStatic(method.getModifiers())
                && !method.getDeclaringClass().isInterface()
                && method.getDeclaringClass().getPackageName().startsWith(MODEL)
                && (method.getName().startsWith("get") || method.getName().startsWith("is"))
                // Quantity's and IntOrString's computed views of the same field.
                && !method.getName().equals("getNumericalAmount");
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + getter, e);
        }
    }

    private static String propertyName(Method getter) {
        String bare = getter.getName().substring(getter.getName().startsWith("is") ? 2 : 3);
        return bare.isEmpty() ? bare : Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
