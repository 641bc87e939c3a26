package io.podyard.node.images.oci;

import io.podyard.node.images.Digest;
import io.podyard.node.images.InvalidContentException;
import io.podyard.node.images.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parses manifests and indexes, OCI or Docker schema2, and rejects anything else by name. */
public final class Documents {
    /** The largest manifest or index accepted (containerd's limit too). */
    public static final long MAX_MANIFEST_BYTES = 4 << 20;
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Documents() {
    }

    /**
     * Parses the manifest or index {@code digest}. Its kind comes from its own {@code mediaType} field
     * when it has one, else from {@code contentType} (what the registry's Content-Type said), else
     * from its shape.
     */
    public static Document parse(Digest digest, byte[] bytes, String contentType) {
        JsonNode root = readTree("manifest " + digest, bytes);
        String mediaType = text(root, "mediaType");
        if (mediaType.isEmpty() && contentType != null && !contentType.isBlank()) {
            mediaType = contentType.split(";")[0].trim();
        }
        if (mediaType.isEmpty() || mediaType.equals("application/json")) {
            mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        String where = "manifest " + digest;
        if (mediaType.equals(MediaTypes.DOCKER_SCHEMA1) || mediaType.equals(MediaTypes.DOCKER_SCHEMA1_SIGNED)
                || root.path("schemaVersion").asInt(2) == 1) {
            throw new InvalidContentException(where + " is a Docker schema 1 manifest, which is not supported;"
                    + " push the image again with a current Docker, Buildah or skopeo");
        }
        if (MediaTypes.isIndex(mediaType)) {
            List<Descriptor> manifests = descriptors(where, root.path("manifests"));
            return new Document.Index(mediaType, manifests);
        }
        if (MediaTypes.isManifest(mediaType)) {
            if (!root.has("config")) {
                throw new InvalidContentException(where + " has no config");
            }
            Descriptor config = descriptor(where + " config", root.get("config"));
            List<Descriptor> layers = descriptors(where, root.path("layers"));
            for (Descriptor layer : layers) {
                if (!MediaTypes.isLayer(layer.mediaType())) {
                    throw new InvalidContentException(where + " has layer " + layer.digest() + " of media type \""
                            + layer.mediaType() + "\", which this node cannot unpack");
                }
            }
            return new Document.Manifest(mediaType, config, layers);
        }
        throw new InvalidContentException(where + " has media type \"" + mediaType + "\", which is neither an image"
                + " manifest nor an index");
    }

    /** Parses an array of descriptors ({@code manifests} or {@code layers}). */
    public static List<Descriptor> descriptors(String where, JsonNode array) {
        if (array.isMissingNode() || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidContentException(where + ": expected an array of descriptors");
        }
        List<Descriptor> result = new ArrayList<>();
        for (JsonNode node : array) {
            result.add(descriptor(where, node));
        }
        return result;
    }

    static Descriptor descriptor(String where, JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidContentException(where + ": a descriptor must be an object");
        }
        String mediaType = text(node, "mediaType");
        String digestText = text(node, "digest");
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException(where + ": " + e.getMessage());
        }
        JsonNode size = node.path("size");
        if (!size.canConvertToLong() || size.asLong() < 0) {
            throw new InvalidContentException(where + ": descriptor " + digest + " has no valid size");
        }
        Platform platform = null;
        JsonNode p = node.path("platform");
        if (p.isObject()) {
            platform = new Platform(text(p, "os"), text(p, "architecture"), text(p, "variant"));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        node.path("annotations").properties().forEach(e -> annotations.put(e.getKey(), e.getValue().asString()));
        return new Descriptor(mediaType, digest, size.asLong(), platform, annotations);
    }

    static JsonNode readTree(String where, byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new InvalidContentException(where + " is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new InvalidContentException(where + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : "";
    }
}
