package io.podyard.controllers.pods;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.podyard.client.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Facts about pods that controllers decide on, as Kubernetes' podutil computes them. */
public final class Pods {
    private Pods() {}

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /** Not finished and not on its way out: counts toward a controller's replicas. */
    public static boolean isActive(Pod pod) {
        String phase = phase(pod);
        String deletion = pod.getMetadata().getDeletionTimestamp();
        return !phase.equals("Succeeded") && !phase.equals("Failed") && (deletion == null || deletion.isEmpty());
    }

    public static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** When the pod last became Ready, if it is. */
    public static Optional<Instant> readySince(Pod pod) {
        return condition(pod, "Ready").filter(c -> "True".equals(c.getStatus()))
                .map(c -> Timestamps.parse(c.getLastTransitionTime()));
    }

    /** Ready for at least {@code minReadySeconds} (Kubernetes' IsPodAvailable). */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        Instant since = readySince(pod).orElse(null);
        return since != null && since.plus(Duration.ofSeconds(minReadySeconds)).isBefore(now);
    }

    /** The most restarts of any container (init containers included). */
    public static int maxRestarts(Pod pod) {
        if (pod.getStatus() == null) {
            return 0;
        }
        return Stream.concat(orEmpty(pod.getStatus().getContainerStatuses()).stream(),
                        orEmpty(pod.getStatus().getInitContainerStatuses()).stream())
                .map(ContainerStatus::getRestartCount).filter(java.util.Objects::nonNull)
                .mapToInt(Integer::intValue).max().orElse(0);
    }

    public static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    /** The pod index by {@code spec.nodeName} (see {@link #indexByNode}). */
    public static final String BY_NODE = "spec.nodeName";

    /** Indexes the shared pod cache by node, for {@link #onNode}; call before the informers start. */
    public static void indexByNode(io.podyard.controllers.runtime.SharedInformers informers) {
        informers.addIndex(Pod.class, BY_NODE, p -> nodeName(p).isEmpty() ? List.of() : List.of(nodeName(p)));
    }

    /** Cached pods bound to {@code node}; needs {@link #indexByNode}. */
    public static List<Pod> onNode(io.podyard.controllers.runtime.SharedInformers informers, String node) {
        return informers.byIndex(Pod.class, BY_NODE, node);
    }

    /** Marked for deletion (and maybe waiting for its node or finalizers). */
    public static boolean isTerminating(Pod pod) {
        String deletion = pod.getMetadata().getDeletionTimestamp();
        return deletion != null && !deletion.isEmpty();
    }

    /** The informer key of a pod, {@code namespace/name}. */
    public static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /**
     * A pod from a controller's template, as Kubernetes' GetPodFromTemplate: the template's labels,
     * annotations, finalizers and spec, named {@code <owner>-<random>}, controlled by {@code owner}.
     */
    public static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner, OwnerReference controllerRef) {
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        var meta = new io.fabric8.kubernetes.api.model.ObjectMeta();
        var source = template.getMetadata();
        Map<String, String> labels = source == null || source.getLabels() == null ? Map.of() : source.getLabels();
        Map<String, String> annotations =
                source == null || source.getAnnotations() == null ? Map.of() : source.getAnnotations();
        meta.setLabels(new HashMap<>(labels));
        meta.setAnnotations(annotations.isEmpty() ? null : new HashMap<>(annotations));
        if (source != null && source.getFinalizers() != null && !source.getFinalizers().isEmpty()) {
            meta.setFinalizers(new ArrayList<>(source.getFinalizers()));
        }
        meta.setGenerateName(owner.getMetadata().getName() + "-");
        meta.setNamespace(owner.getMetadata().getNamespace());
        meta.setOwnerReferences(List.of(controllerRef));
        pod.setMetadata(meta);
        pod.setSpec(template.getSpec());
        return pod;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
