package io.podyard.api.patch;

import static io.podyard.api.patch.PatchSchema.Field.mergeByKey;
import static io.podyard.api.patch.PatchSchema.Field.mergeSet;
import static io.podyard.api.patch.PatchSchema.Field.nested;
import static java.util.Map.entry;

import java.util.Map;
import java.util.Optional;

/**
 * The patch schemas of the built-in kinds Podyard serves, transcribed from the {@code patchStrategy}
 * and {@code patchMergeKey} tags of k8s.io/api (core/v1, apps/v1, batch/v1) and of apimachinery's
 * ObjectMeta. Only tagged fields and the objects leading to them appear; every pod template, down to
 * the one inside a CronJob's job template, carries the PodSpec's rules.
 */
public final class PatchSchemas {
    private static final PatchSchema OBJECT_META = PatchSchema.builder()
            .field("ownerReferences", mergeByKey("uid"))
            .field("finalizers", mergeSet())
            .build();

    /** Container and EphemeralContainer carry the same tags. */
    private static final PatchSchema CONTAINER = PatchSchema.builder()
            .field("ports", mergeByKey("containerPort"))
            .field("env", mergeByKey("name"))
            .field("volumeMounts", mergeByKey("mountPath"))
            .field("volumeDevices", mergeByKey("devicePath"))
            .build();

    private static final PatchSchema POD_SPEC = PatchSchema.builder()
            .field("volumes", mergeByKey("name").retainingKeys())
            .field("initContainers", mergeByKey("name", CONTAINER))
            .field("containers", mergeByKey("name", CONTAINER))
            .field("ephemeralContainers", mergeByKey("name", CONTAINER))
            .field("imagePullSecrets", mergeByKey("name"))
            .field("hostAliases", mergeByKey("ip"))
            .field("topologySpreadConstraints", mergeByKey("topologyKey"))
            .field("schedulingGates", mergeByKey("name"))
            .field("resourceClaims", mergeByKey("name").retainingKeys())
            .build();

    private static final PatchSchema POD_STATUS = PatchSchema.builder()
            .field("conditions", mergeByKey("type"))
            .field("podIPs", mergeByKey("ip"))
            .field("hostIPs", mergeByKey("ip"))
            .field("resourceClaimStatuses", mergeByKey("name").retainingKeys())
            .build();

    private static final PatchSchema POD_TEMPLATE = PatchSchema.builder()
            .field("metadata", nested(OBJECT_META))
            .field("spec", nested(POD_SPEC))
            .build();

    /** The spec of ReplicaSet, StatefulSet, DaemonSet and Job, as far as tags go. */
    private static final PatchSchema TEMPLATED_SPEC = PatchSchema.builder()
            .field("template", nested(POD_TEMPLATE))
            .build();

    private static final PatchSchema DEPLOYMENT_SPEC = PatchSchema.builder()
            .field("template", nested(POD_TEMPLATE))
            .field("strategy", nested(PatchSchema.EMPTY).retainingKeys())
            .build();

    private static final PatchSchema CRON_JOB_SPEC = PatchSchema.builder()
            .field("jobTemplate", nested(PatchSchema.builder()
                    .field("metadata", nested(OBJECT_META))
                    .field("spec", nested(TEMPLATED_SPEC))
                    .build()))
            .build();

    /** Every status condition list here merges by type. */
    private static final PatchSchema CONDITIONS = PatchSchema.builder()
            .field("conditions", mergeByKey("type"))
            .build();

    private static final PatchSchema SERVICE_SPEC = PatchSchema.builder()
            .field("ports", mergeByKey("port"))
            .build();

    private static final PatchSchema NODE_SPEC = PatchSchema.builder()
            .field("podCIDRs", mergeSet())
            .build();

    /** Addresses merge by type though two can share one; Kubernetes warns but keeps the tag. */
    private static final PatchSchema NODE_STATUS = PatchSchema.builder()
            .field("conditions", mergeByKey("type"))
            .field("addresses", mergeByKey("type"))
            .build();

    private static final PatchSchema METADATA_ONLY = object(PatchSchema.EMPTY, PatchSchema.EMPTY);

    private static final Map<String, PatchSchema> BY_KIND = Map.ofEntries(
            entry("v1/Pod", object(POD_SPEC, POD_STATUS)),
            entry("v1/Service", object(SERVICE_SPEC, CONDITIONS)),
            entry("v1/Namespace", object(PatchSchema.EMPTY, CONDITIONS)),
            entry("v1/Node", object(NODE_SPEC, NODE_STATUS)),
            entry("v1/PersistentVolumeClaim", object(PatchSchema.EMPTY, CONDITIONS)),
            entry("v1/ServiceAccount", PatchSchema.builder()
                    .field("metadata", nested(OBJECT_META))
                    .field("secrets", mergeByKey("name"))
                    .build()),
            entry("v1/ConfigMap", METADATA_ONLY),
            entry("v1/Secret", METADATA_ONLY),
            entry("v1/Endpoints", METADATA_ONLY),
            entry("v1/Event", METADATA_ONLY),
            entry("v1/PersistentVolume", METADATA_ONLY),
            entry("v1/ResourceQuota", METADATA_ONLY),
            entry("v1/LimitRange", METADATA_ONLY),
            entry("apps/v1/Deployment", object(DEPLOYMENT_SPEC, CONDITIONS)),
            entry("apps/v1/ReplicaSet", object(TEMPLATED_SPEC, CONDITIONS)),
            entry("apps/v1/StatefulSet", object(TEMPLATED_SPEC, CONDITIONS)),
            entry("apps/v1/DaemonSet", object(TEMPLATED_SPEC, CONDITIONS)),
            entry("apps/v1/ControllerRevision", METADATA_ONLY),
            entry("batch/v1/Job", object(TEMPLATED_SPEC, CONDITIONS)),
            entry("batch/v1/CronJob", object(CRON_JOB_SPEC, PatchSchema.EMPTY)),
            entry("discovery.k8s.io/v1/EndpointSlice", METADATA_ONLY),
            entry("coordination.k8s.io/v1/Lease", METADATA_ONLY),
            entry("certificates.k8s.io/v1/CertificateSigningRequest", METADATA_ONLY),
            entry("scheduling.k8s.io/v1/PriorityClass", METADATA_ONLY),
            entry("events.k8s.io/v1/Event", METADATA_ONLY));

    private PatchSchemas() {}

    /**
     * The schema of a built-in kind, or empty for any other: Kubernetes answers 415 to a strategic
     * merge patch of a custom resource, having no tags to read.
     */
    public static Optional<PatchSchema> forKind(String apiVersion, String kind) {
        return Optional.ofNullable(BY_KIND.get(apiVersion + "/" + kind));
    }

    private static PatchSchema object(PatchSchema spec, PatchSchema status) {
        return PatchSchema.builder()
                .field("metadata", nested(OBJECT_META))
                .field("spec", nested(spec))
                .field("status", nested(status))
                .build();
    }
}
