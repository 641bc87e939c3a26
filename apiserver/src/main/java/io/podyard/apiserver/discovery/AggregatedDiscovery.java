package io.podyard.apiserver.discovery;

import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregated discovery ({@code apidiscovery.k8s.io/v2}): {@code /api} and {@code /apis} answer with
 * every group, version and resource in one {@code APIGroupDiscoveryList} when the client asks for it,
 * as kubectl 1.30+ does first, saving it a request per group version.
 */
public final class AggregatedDiscovery {
    /** The media type of the response, and what a client's Accept header names to get one. */
    public static final String CONTENT_TYPE = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final ResourceRegistry registry;

    public AggregatedDiscovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** Whether an Accept header asks for the v2 aggregated document (in any of its alternatives). */
    public static boolean wanted(String accept) {
        if (accept == null) {
            return false;
        }
        for (String alternative : accept.split(",")) {
            java.util.Set<String> params = new java.util.HashSet<>();
            for (String p : alternative.split(";")) {
                params.add(p.trim());
            }
            if (params.contains("g=apidiscovery.k8s.io") && params.contains("v=v2")
                    && params.contains("as=APIGroupDiscoveryList")) {
                return true;
            }
        }
        return false;
    }

    /** The document for {@code /api} ({@code core} true: the legacy group) or {@code /apis} (the named groups). */
    public ObjectNode document(boolean core) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        for (String group : registry.groups()) {
            if (group.isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!group.isEmpty()) {
                meta.put("name", group);
            }
            ArrayNode versions = item.putArray("versions");
            for (String version : registry.versions(group)) {
                ObjectNode v = versions.addObject().put("version", version);
                ArrayNode resources = v.putArray("resources");
                for (ResourceType t : registry.inGroupVersion(group, version)) {
                    resources.add(resource(t));
                }
                v.put("freshness", "Current");
            }
        }
        return list;
    }

    private static ObjectNode resource(ResourceType t) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("resource", t.plural());
        kind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
        r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
        r.put("singularResource", t.singular());
        strings(r.putArray("verbs"), ResourceType.VERBS);
        if (!t.shortNames().isEmpty()) {
            strings(r.putArray("shortNames"), t.shortNames());
        }
        if (!t.categories().isEmpty()) {
            strings(r.putArray("categories"), t.categories());
        }
        if (!t.subresources().isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (String sub : t.subresources().stream().sorted().toList()) {
                ObjectNode s = subs.addObject().put("subresource", sub);
                ObjectNode kind = s.putObject("responseKind");
                switch (sub) {
                    case "scale" -> kind(kind, "autoscaling", "v1", "Scale");
                    case "binding" -> kind(kind, "", "v1", "Binding");
                    case "token" -> kind(kind, "authentication.k8s.io", "v1", "TokenRequest");
                    default -> kind(kind, t.group(), t.version(), t.kind());
                }
                strings(s.putArray("verbs"), ResourceType.subresourceVerbs(sub));
            }
        }
        return r;
    }

    private static void kind(ObjectNode node, String group, String version, String kind) {
        node.put("group", group).put("version", version).put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
