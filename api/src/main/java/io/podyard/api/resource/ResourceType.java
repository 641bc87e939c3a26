package io.podyard.api.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One served resource: where it lives in the REST API, how kubectl names it, and its model class.
 * Everything the API server does generically (routes, discovery, storage keys) derives from this.
 *
 * @param group API group, "" for the core group
 * @param subresources served subresources: "status", "scale", "binding"
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Set<String> subresources,
        Class<? extends HasMetadata> type) {

    /** The verbs every built-in resource supports, in Kubernetes' discovery order. */
    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    public ResourceType {
        Objects.requireNonNull(group);
        Objects.requireNonNull(version);
        Objects.requireNonNull(kind);
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = Set.copyOf(subresources);
    }

    /** {@code v1} for the core group, else {@code group/version}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String listKind() {
        return kind + "List";
    }

    /** {@code plural.group}, as RBAC and {@code kubectl get pods.apps} spell it; plain plural for core. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    /** The verbs of a subresource, as discovery lists them. */
    public static List<String> subresourceVerbs(String subresource) {
        return switch (subresource) {
            case "binding", "token" -> List.of("create");
            default -> List.of("get", "patch", "update");
        };
    }
}
