package pog.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a manifest object into the Kubernetes API's own types (fabric8's model, generated from the API's OpenAPI) and
 * lists every field those types did not take: fabric8 keeps what it does not know in {@code additionalProperties},
 * which is exactly what an API server would drop.
 */
final class StrictFields {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final KubernetesDeserializer KINDS = new KubernetesDeserializer();

    private StrictFields() {
    }

    /** "Kind/name: path.to.field" for every unknown field (and the kind itself when it is unknown). */
    static List<String> unknown(JsonNode object) throws Exception {
        String name = object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
        Class<? extends KubernetesResource> type = KINDS.getRegisteredKind(object.path("apiVersion").asText(),
                object.path("kind").asText());
        List<String> out = new ArrayList<>();
        if (type == null || type == GenericKubernetesResource.class) {
            out.add(name + ": kind " + object.path("apiVersion").asText() + " " + object.path("kind").asText()
                    + " is not one the Kubernetes API model knows");
            return out;
        }
        walk(MAPPER.treeToValue(object, type), "", name, out);
        return out;
    }

    private static void walk(Object value, String path, String name, List<String> out) throws Exception {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", name, out);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "[" + e.getKey() + "]", name, out);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v = m.invoke(value);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra) {
                    for (Object key : extra.keySet()) {
                        out.add(name + ": " + (path.isEmpty() ? "" : path.substring(1) + ".") + key);
                    }
                }
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            walk(v, path + "." + field, name, out);
        }
    }
}
