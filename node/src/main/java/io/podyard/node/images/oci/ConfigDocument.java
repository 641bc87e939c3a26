package io.podyard.node.images.oci;

import io.podyard.node.images.Digest;
import io.podyard.node.images.ImageConfig;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * An image config blob (OCI or Docker): what to run, and the diff IDs (digests of the uncompressed
 * layers) that let a puller verify what it unpacked.
 */
public record ConfigDocument(ImageConfig config, List<Digest> diffIds) {
    /** The largest config accepted; configs carry history and can be large, but not unboundedly. */
    public static final long MAX_BYTES = 16 << 20;

    public ConfigDocument {
        diffIds = List.copyOf(diffIds);
    }

    public static ConfigDocument parse(Digest digest, byte[] bytes) {
        String where = "image config " + digest;
        JsonNode root = Documents.readTree(where, bytes);
        Platform platform = new Platform(Documents.text(root, "os"), Documents.text(root, "architecture"),
                Documents.text(root, "variant"));
        JsonNode c = root.path("config");
        ImageConfig config = new ImageConfig(strings(where, c, "Entrypoint"), strings(where, c, "Cmd"),
                strings(where, c, "Env"), Documents.text(c, "WorkingDir"), Documents.text(c, "User"),
                keys(c.path("ExposedPorts")), labels(c.path("Labels")), Documents.text(c, "StopSignal"), platform);
        JsonNode rootfs = root.path("rootfs");
        if (!rootfs.path("type").asString("").equals("layers")) {
            throw new InvalidContentException(where + " has no rootfs of type \"layers\"");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode id : rootfs.path("diff_ids")) {
            try {
                diffIds.add(Digest.parse(id.asString("")));
            } catch (IllegalArgumentException e) {
                throw new InvalidContentException(where + ": rootfs.diff_ids: " + e.getMessage());
            }
        }
        return new ConfigDocument(config, diffIds);
    }

    private static List<String> strings(String where, JsonNode config, String field) {
        JsonNode value = config.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new InvalidContentException(where + ": config." + field + " must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            result.add(item.asString(""));
        }
        return result;
    }

    private static Set<String> keys(JsonNode object) {
        Set<String> result = new LinkedHashSet<>();
        object.propertyNames().forEach(result::add);
        return result;
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> result = new LinkedHashMap<>();
        object.properties().forEach(e -> result.put(e.getKey(), e.getValue().asString("")));
        return result;
    }
}
