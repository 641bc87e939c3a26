package io.podyard.api.resource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.List;
import java.util.Set;

/**
 * The resources Podyard serves, declared once each. Adding a built-in resource is one line here:
 * routes, discovery and storage follow from the declaration. Names, short names and categories are
 * Kubernetes' own, so {@code kubectl get po}, {@code kubectl get all} and friends work.
 */
public final class BuiltinResources {
    private static final String CORE = "";
    private static final String APPS = "apps";
    private static final String BATCH = "batch";
    private static final List<String> ALL = List.of("all");
    private static final List<String> NONE = List.of();
    private static final Set<String> STATUS = Set.of("status");
    private static final Set<String> STATUS_SCALE = Set.of("status", "scale");

    private BuiltinResources() {}

    public static ResourceRegistry registry() {
        return new ResourceRegistry(List.of(
                namespaced(CORE, "v1", "Pod", "pods", List.of("po"), ALL, Set.of("status", "binding"), Pod.class),
                cluster(CORE, "v1", "Namespace", "namespaces", List.of("ns"), STATUS, Namespace.class),
                cluster(CORE, "v1", "Node", "nodes", List.of("no"), STATUS, Node.class),
                namespaced(CORE, "v1", "Service", "services", List.of("svc"), ALL, STATUS, Service.class),
                namespaced(CORE, "v1", "Endpoints", "endpoints", List.of("ep"), NONE, Set.of(), Endpoints.class),
                namespaced(CORE, "v1", "ConfigMap", "configmaps", List.of("cm"), NONE, Set.of(), ConfigMap.class),
                namespaced(CORE, "v1", "Secret", "secrets", NONE, NONE, Set.of(), Secret.class),
                namespaced(CORE, "v1", "Event", "events", List.of("ev"), NONE, Set.of(),
                        io.fabric8.kubernetes.api.model.Event.class),
                namespaced(CORE, "v1", "ServiceAccount", "serviceaccounts", List.of("sa"), NONE, Set.of("token"),
                        ServiceAccount.class),
                cluster(CORE, "v1", "PersistentVolume", "persistentvolumes", List.of("pv"), STATUS,
                        PersistentVolume.class),
                namespaced(CORE, "v1", "PersistentVolumeClaim", "persistentvolumeclaims", List.of("pvc"), NONE,
                        STATUS, PersistentVolumeClaim.class),
                namespaced(CORE, "v1", "ResourceQuota", "resourcequotas", List.of("quota"), NONE, STATUS,
                        ResourceQuota.class),
                namespaced(CORE, "v1", "LimitRange", "limitranges", List.of("limits"), NONE, Set.of(),
                        LimitRange.class),
                namespaced(APPS, "v1", "Deployment", "deployments", List.of("deploy"), ALL, STATUS_SCALE,
                        Deployment.class),
                namespaced(APPS, "v1", "ReplicaSet", "replicasets", List.of("rs"), ALL, STATUS_SCALE,
                        ReplicaSet.class),
                namespaced(APPS, "v1", "StatefulSet", "statefulsets", List.of("sts"), ALL, STATUS_SCALE,
                        StatefulSet.class),
                namespaced(APPS, "v1", "DaemonSet", "daemonsets", List.of("ds"), ALL, STATUS, DaemonSet.class),
                namespaced(APPS, "v1", "ControllerRevision", "controllerrevisions", NONE, NONE, Set.of(),
                        ControllerRevision.class),
                namespaced(BATCH, "v1", "Job", "jobs", NONE, ALL, STATUS, Job.class),
                namespaced(BATCH, "v1", "CronJob", "cronjobs", List.of("cj"), ALL, STATUS, CronJob.class),
                namespaced("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", NONE, NONE, Set.of(),
                        EndpointSlice.class),
                namespaced("coordination.k8s.io", "v1", "Lease", "leases", NONE, NONE, Set.of(), Lease.class),
                cluster("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests",
                        List.of("csr"), Set.of("status", "approval"), CertificateSigningRequest.class),
                cluster("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", List.of("pc"), Set.of(),
                        PriorityClass.class),
                namespaced("events.k8s.io", "v1", "Event", "events", List.of("ev"), NONE, Set.of(),
                        io.fabric8.kubernetes.api.model.events.v1.Event.class)));
    }

    private static ResourceType namespaced(String group, String version, String kind, String plural,
            List<String> shortNames, List<String> categories, Set<String> subresources,
            Class<? extends HasMetadata> type) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), true, shortNames, categories,
                subresources, type);
    }

    private static ResourceType cluster(String group, String version, String kind, String plural,
            List<String> shortNames, Set<String> subresources, Class<? extends HasMetadata> type) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), false, shortNames, NONE,
                subresources, type);
    }
}
