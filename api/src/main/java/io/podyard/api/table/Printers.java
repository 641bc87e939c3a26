package io.podyard.api.table;

import io.podyard.api.resource.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which columns each kind prints with, declared once here. Kubernetes registers printers per
 * internal type, so every version of a group's kind prints alike; a kind missing from this list
 * (LimitRange among them, as in Kubernetes) gets the {@link #DEFAULT} columns.
 */
final class Printers {
    static final KindColumns DEFAULT = DefaultColumns.COLUMNS;

    private static final List<Printer> ALL = List.of(
            printer("", "Pod", PodColumns.POD),
            printer("", "Namespace", CoreColumns.NAMESPACE),
            printer("", "Node", NodeColumns.NODE),
            printer("", "Service", NetworkColumns.SERVICE),
            printer("", "Endpoints", NetworkColumns.ENDPOINTS),
            printer("", "ConfigMap", CoreColumns.CONFIG_MAP),
            printer("", "Secret", CoreColumns.SECRET),
            printer("", "ServiceAccount", CoreColumns.SERVICE_ACCOUNT),
            printer("", "ResourceQuota", CoreColumns.RESOURCE_QUOTA),
            printer("", "Event", EventColumns.CORE_EVENT),
            printer("", "PersistentVolume", StorageColumns.PERSISTENT_VOLUME),
            printer("", "PersistentVolumeClaim", StorageColumns.PERSISTENT_VOLUME_CLAIM),
            printer("coordination.k8s.io", "Lease", CoreColumns.LEASE),
            printer("scheduling.k8s.io", "PriorityClass", CoreColumns.PRIORITY_CLASS),
            printer("certificates.k8s.io", "CertificateSigningRequest", CoreColumns.CERTIFICATE_SIGNING_REQUEST),
            printer("apps", "Deployment", WorkloadColumns.DEPLOYMENT),
            printer("apps", "ReplicaSet", WorkloadColumns.REPLICA_SET),
            printer("apps", "StatefulSet", WorkloadColumns.STATEFUL_SET),
            printer("apps", "DaemonSet", WorkloadColumns.DAEMON_SET),
            printer("apps", "ControllerRevision", WorkloadColumns.CONTROLLER_REVISION),
            printer("batch", "Job", BatchColumns.JOB),
            printer("batch", "CronJob", BatchColumns.CRON_JOB),
            printer("discovery.k8s.io", "EndpointSlice", NetworkColumns.ENDPOINT_SLICE),
            printer("events.k8s.io", "Event", EventColumns.EVENTS_EVENT));

    private static final Map<String, KindColumns> BY_GROUP_KIND = index(ALL);

    private Printers() {}

    static KindColumns forType(ResourceType type) {
        return BY_GROUP_KIND.getOrDefault(key(type.group(), type.kind()), DEFAULT);
    }

    private record Printer(String group, String kind, KindColumns columns) {}

    private static Printer printer(String group, String kind, KindColumns columns) {
        return new Printer(group, kind, columns);
    }

    private static Map<String, KindColumns> index(List<Printer> printers) {
        Map<String, KindColumns> map = new HashMap<>();
        for (Printer p : printers) {
            if (map.put(key(p.group(), p.kind()), p.columns()) != null) {
                throw new IllegalStateException("printer declared twice: " + key(p.group(), p.kind()));
            }
        }
        return Map.copyOf(map);
    }

    private static String key(String group, String kind) {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
