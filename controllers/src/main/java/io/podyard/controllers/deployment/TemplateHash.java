package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pod-template-hash label: FNV-32a of the pod template (and the collision count), written in
 * Kubernetes' "safe" alphabet, as its ComputeHash. The template is hashed in a canonical JSON form
 * (keys sorted), so equal templates hash equally whatever built them.
 */
public final class TemplateHash {
    public static final String LABEL = "pod-template-hash";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private TemplateHash() {}

    public static String of(PodTemplateSpec template, Integer collisionCount) {
        int hash = 0x811c9dc5;
        byte[] bytes = canonical(withoutHash(template)).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        if (collisionCount != null) {
            // Kubernetes appends the count as 4 little-endian bytes
            for (int i = 0; i < 4; i++) {
                hash ^= (collisionCount >>> (8 * i)) & 0xff;
                hash *= 0x01000193;
            }
        }
        return safeEncode(Integer.toUnsignedString(hash));
    }

    /** Whether two templates are the same apart from their pod-template-hash labels (Kubernetes' EqualIgnoreHash). */
    public static boolean equalIgnoringHash(PodTemplateSpec a, PodTemplateSpec b) {
        return withoutHash(a).equals(withoutHash(b));
    }

    private static JsonNode withoutHash(PodTemplateSpec template) {
        JsonNode tree = MAPPER.valueToTree(template);
        if (tree.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove(LABEL);
            if (labels.isEmpty()) {
                ((ObjectNode) tree.get("metadata")).remove("labels");
            }
        }
        if (tree.path("metadata") instanceof ObjectNode meta && meta.isEmpty()) {
            ((ObjectNode) tree).remove("metadata");
        }
        return tree;
    }

    private static String canonical(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(MAPPER.writeValueAsString(fields.get(i).getKey())).append(':');
                write(fields.get(i).getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(node.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(MAPPER.writeValueAsString(node));
        }
    }

    private static String safeEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
        }
        return sb.toString();
    }
}
