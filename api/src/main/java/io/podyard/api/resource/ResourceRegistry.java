package io.podyard.api.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The served resources, looked up the ways the API server needs: by URL and by apiVersion/kind. */
public final class ResourceRegistry {
    private final List<ResourceType> types;
    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
    private final Map<String, ResourceType> byKind = new LinkedHashMap<>();

    public ResourceRegistry(List<ResourceType> types) {
        this.types = List.copyOf(types);
        for (ResourceType t : this.types) {
            if (byPath.put(t.apiVersion() + "/" + t.plural(), t) != null) {
                throw new IllegalArgumentException("resource declared twice: " + t.qualifiedName());
            }
            byKind.put(t.apiVersion() + "/" + t.kind(), t);
        }
    }

    public List<ResourceType> all() {
        return types;
    }

    /** The resource served at {@code /apis/group/version/plural} (or {@code /api/v1/plural}). */
    public Optional<ResourceType> byPlural(String group, String version, String plural) {
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        return Optional.ofNullable(byPath.get(apiVersion + "/" + plural));
    }

    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    /** Group names in discovery order: the core group ("") first, then in declaration order. */
    public List<String> groups() {
        List<String> groups = new ArrayList<>();
        for (ResourceType t : types) {
            if (!groups.contains(t.group())) {
                groups.add(t.group());
            }
        }
        groups.remove("");
        groups.addFirst("");
        return groups;
    }

    /** The versions served for {@code group}, preferred first. */
    public List<String> versions(String group) {
        return types.stream().filter(t -> t.group().equals(group)).map(ResourceType::version).distinct().toList();
    }

    public List<ResourceType> inGroupVersion(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }
}
