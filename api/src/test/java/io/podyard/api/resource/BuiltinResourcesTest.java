package io.podyard.api.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.Constructor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BuiltinResourcesTest {
    private static final ResourceRegistry REGISTRY = BuiltinResources.registry();

    static Stream<ResourceType> types() {
        return REGISTRY.all().stream();
    }

    @ParameterizedTest
    @MethodSource("types")
    void eachDeclarationMatchesItsModelClass(ResourceType t) throws Exception {
        Constructor<? extends HasMetadata> c = t.type().getConstructor();
        HasMetadata instance = c.newInstance();
        assertThat(instance.getApiVersion()).as("apiVersion of %s", t.type()).isEqualTo(t.apiVersion());
        assertThat(instance.getKind()).isEqualTo(t.kind());
        assertThat(REGISTRY.byPlural(t.group(), t.version(), t.plural())).contains(t);
        assertThat(REGISTRY.byKind(t.apiVersion(), t.kind())).contains(t);
        assertThat(t.plural()).matches("[a-z]+");
    }

    @Test
    void theIssuesResourcesAreAllServedAndPriorityClassesAndCertificateSigningRequests() {
        assertThat(REGISTRY.all()).extracting(ResourceType::qualifiedName).containsExactlyInAnyOrder(
                "pods", "namespaces", "nodes", "services", "endpoints", "configmaps", "secrets", "events",
                "serviceaccounts", "persistentvolumes", "persistentvolumeclaims", "resourcequotas", "limitranges",
                "deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps",
                "controllerrevisions.apps", "jobs.batch", "cronjobs.batch", "endpointslices.discovery.k8s.io",
                "leases.coordination.k8s.io", "events.events.k8s.io", "priorityclasses.scheduling.k8s.io",
                "certificatesigningrequests.certificates.k8s.io");
    }

    @Test
    void discoveryOrderPutsTheCoreGroupFirst() {
        assertThat(REGISTRY.groups()).startsWith("", "apps", "batch");
        assertThat(REGISTRY.versions("apps")).containsExactly("v1");
        assertThat(REGISTRY.byPlural("", "v1", "pods").orElseThrow().shortNames()).containsExactly("po");
        assertThat(REGISTRY.byPlural("apps", "v1", "deployments").orElseThrow().hasSubresource("scale")).isTrue();
        assertThat(REGISTRY.byPlural("", "v1", "nodes").orElseThrow().namespaced()).isFalse();
        assertThat(REGISTRY.byPlural("apps", "v1", "deployments").orElseThrow().qualifiedName())
                .isEqualTo("deployments.apps");
    }
}
