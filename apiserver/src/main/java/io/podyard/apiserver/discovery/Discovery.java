package io.podyard.apiserver.discovery;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.podyard.api.resource.ResourceRegistry;
import io.podyard.api.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The discovery documents kubectl reads first (/api, /apis, /apis/group, and each group version's
 * resource list), built from the registry so a declared resource is discoverable at once.
 */
public final class Discovery {
    private final ResourceRegistry registry;

    public Discovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** {@code /api} ({@code core}) or {@code /apis} as one aggregated document; see {@link AggregatedDiscovery}. */
    public tools.jackson.databind.node.ObjectNode aggregated(boolean core) {
        return new AggregatedDiscovery(registry).document(core);
    }

    /** {@code /api}: the core group's versions. */
    public APIVersions coreVersions(String serverAddress) {
        return new APIVersionsBuilder().withKind("APIVersions").withVersions(registry.versions(""))
                .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress).build();
    }

    /** {@code /apis}: every named group. */
    public APIGroupList groups() {
        List<APIGroup> groups = new ArrayList<>();
        for (String g : registry.groups()) {
            if (!g.isEmpty()) {
                groups.add(group(g).orElseThrow());
            }
        }
        return new APIGroupListBuilder().withKind("APIGroupList").withApiVersion("v1").withGroups(groups).build();
    }

    /** {@code /apis/group}. */
    public Optional<APIGroup> group(String name) {
        List<String> versions = registry.versions(name);
        if (name.isEmpty() || versions.isEmpty()) {
            return Optional.empty();
        }
        List<GroupVersionForDiscovery> gvs = versions.stream()
                .map(v -> new GroupVersionForDiscovery(name + "/" + v, v)).toList();
        return Optional.of(new APIGroupBuilder().withKind("APIGroup").withApiVersion("v1").withName(name)
                .withVersions(gvs).withPreferredVersion(gvs.getFirst()).build());
    }

    /** {@code /api/v1} or {@code /apis/group/version}: the resources and subresources served there. */
    public Optional<APIResourceList> resources(String group, String version) {
        List<ResourceType> types = registry.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return Optional.empty();
        }
        List<APIResource> resources = new ArrayList<>();
        for (ResourceType t : types) {
            resources.add(new APIResourceBuilder().withName(t.plural()).withSingularName(t.singular())
                    .withNamespaced(t.namespaced()).withKind(t.kind()).withVerbs(ResourceType.VERBS)
                    .withShortNames(t.shortNames().isEmpty() ? null : t.shortNames())
                    .withCategories(t.categories().isEmpty() ? null : t.categories()).build());
            for (String sub : t.subresources().stream().sorted().toList()) {
                APIResourceBuilder b = new APIResourceBuilder().withName(t.plural() + "/" + sub).withSingularName("")
                        .withNamespaced(t.namespaced()).withVerbs(ResourceType.subresourceVerbs(sub));
                switch (sub) {
                    case "scale" -> b.withGroup("autoscaling").withVersion("v1").withKind("Scale");
                    case "binding" -> b.withKind("Binding");
                    case "token" -> b.withGroup("authentication.k8s.io").withVersion("v1").withKind("TokenRequest");
                    default -> b.withKind(t.kind());
                }
                resources.add(b.build());
            }
        }
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        return Optional.of(new APIResourceListBuilder().withKind("APIResourceList").withApiVersion("v1")
                .withGroupVersion(groupVersion).withResources(resources).build());
    }
}
