package io.podyard.api.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.api.patch.PatchSchema.Field;
import io.podyard.api.patch.PatchSchema.Strategy;
import io.podyard.api.resource.BuiltinResources;
import io.podyard.api.resource.ResourceType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The tags each built-in kind carries, checked against k8s.io/api's struct tags. */
class PatchSchemasTest {
    @Test
    void everyServedKindHasASchema() {
        for (ResourceType type : BuiltinResources.registry().all()) {
            assertThat(PatchSchemas.forKind(type.apiVersion(), type.kind())).as(type.apiVersion() + " " + type.kind())
                    .isPresent();
        }
    }

    @Test
    void customResourcesHaveNone() {
        assertThat(PatchSchemas.forKind("example.com/v1", "Widget")).isEmpty();
    }

    static Stream<Arguments> tags() {
        return Stream.of(
                Arguments.of("v1", "Pod", "metadata.ownerReferences", Strategy.MERGE, "uid", false),
                Arguments.of("v1", "Pod", "metadata.finalizers", Strategy.MERGE, null, false),
                Arguments.of("v1", "Pod", "metadata.labels", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "Pod", "spec.containers", Strategy.MERGE, "name", false),
                Arguments.of("v1", "Pod", "spec.containers.ports", Strategy.MERGE, "containerPort", false),
                Arguments.of("v1", "Pod", "spec.containers.envFrom", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "Pod", "spec.initContainers.env", Strategy.MERGE, "name", false),
                Arguments.of("v1", "Pod", "spec.ephemeralContainers.volumeMounts", Strategy.MERGE, "mountPath", false),
                Arguments.of("v1", "Pod", "spec.containers.volumeDevices", Strategy.MERGE, "devicePath", false),
                Arguments.of("v1", "Pod", "spec.containers.resizePolicy", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "Pod", "spec.volumes", Strategy.MERGE, "name", true),
                Arguments.of("v1", "Pod", "spec.imagePullSecrets", Strategy.MERGE, "name", false),
                Arguments.of("v1", "Pod", "spec.tolerations", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "Pod", "spec.hostAliases", Strategy.MERGE, "ip", false),
                Arguments.of("v1", "Pod", "spec.topologySpreadConstraints", Strategy.MERGE, "topologyKey", false),
                Arguments.of("v1", "Pod", "spec.schedulingGates", Strategy.MERGE, "name", false),
                Arguments.of("v1", "Pod", "spec.resourceClaims", Strategy.MERGE, "name", true),
                Arguments.of("v1", "Pod", "status.conditions", Strategy.MERGE, "type", false),
                Arguments.of("v1", "Pod", "status.podIPs", Strategy.MERGE, "ip", false),
                Arguments.of("v1", "Pod", "status.containerStatuses", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "Service", "spec.ports", Strategy.MERGE, "port", false),
                Arguments.of("v1", "Service", "status.conditions", Strategy.MERGE, "type", false),
                Arguments.of("v1", "Node", "spec.taints", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "Node", "spec.podCIDRs", Strategy.MERGE, null, false),
                Arguments.of("v1", "Node", "status.addresses", Strategy.MERGE, "type", false),
                Arguments.of("v1", "Namespace", "spec.finalizers", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "Namespace", "status.conditions", Strategy.MERGE, "type", false),
                Arguments.of("v1", "ServiceAccount", "secrets", Strategy.MERGE, "name", false),
                Arguments.of("v1", "ServiceAccount", "imagePullSecrets", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "PersistentVolumeClaim", "status.conditions", Strategy.MERGE, "type", false),
                Arguments.of("v1", "Endpoints", "subsets", Strategy.DEFAULT, null, false),
                Arguments.of("v1", "ConfigMap", "metadata.finalizers", Strategy.MERGE, null, false),
                Arguments.of("apps/v1", "Deployment", "spec.strategy", Strategy.DEFAULT, null, true),
                Arguments.of("apps/v1", "Deployment", "spec.template.metadata.ownerReferences", Strategy.MERGE, "uid",
                        false),
                Arguments.of("apps/v1", "Deployment", "spec.template.spec.containers.env", Strategy.MERGE, "name",
                        false),
                Arguments.of("apps/v1", "Deployment", "status.conditions", Strategy.MERGE, "type", false),
                Arguments.of("apps/v1", "ReplicaSet", "spec.template.spec.volumes", Strategy.MERGE, "name", true),
                Arguments.of("apps/v1", "StatefulSet", "spec.template.spec.containers", Strategy.MERGE, "name", false),
                Arguments.of("apps/v1", "StatefulSet", "spec.volumeClaimTemplates", Strategy.DEFAULT, null, false),
                Arguments.of("apps/v1", "DaemonSet", "spec.template.spec.initContainers", Strategy.MERGE, "name",
                        false),
                Arguments.of("apps/v1", "DaemonSet", "spec.updateStrategy", Strategy.DEFAULT, null, false),
                Arguments.of("batch/v1", "Job", "spec.template.spec.containers.ports", Strategy.MERGE, "containerPort",
                        false),
                Arguments.of("batch/v1", "Job", "status.conditions", Strategy.MERGE, "type", false),
                Arguments.of("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec.volumes", Strategy.MERGE,
                        "name", true),
                Arguments.of("batch/v1", "CronJob", "spec.jobTemplate.metadata.finalizers", Strategy.MERGE, null,
                        false),
                Arguments.of("discovery.k8s.io/v1", "EndpointSlice", "endpoints", Strategy.DEFAULT, null, false),
                Arguments.of("coordination.k8s.io/v1", "Lease", "metadata.ownerReferences", Strategy.MERGE, "uid",
                        false));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("tags")
    void tags(String apiVersion, String kind, String path, Strategy strategy, String mergeKey, boolean retainKeys) {
        Field field = PatchSchemas.forKind(apiVersion, kind).orElseThrow().at(path);
        assertThat(field.strategy()).isEqualTo(strategy);
        assertThat(field.mergeKey()).isEqualTo(mergeKey);
        assertThat(field.retainKeys()).isEqualTo(retainKeys);
    }
}
