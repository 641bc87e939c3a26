package io.podyard.scheduler.framework;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod with what the plugins read from it computed once: requests, tolerations and parsed
 * (anti-)affinity terms. Existing pods are wrapped when they enter the cache, so a scheduling attempt
 * never re-parses the pods already on nodes.
 */
public record PodInfo(Pod pod, String uid, String namespace, String name, Map<String, String> labels,
        int priority, Resources requests, Resources nonZeroRequests, List<Toleration> tolerations,
        List<AffinityTerm> requiredAffinity, List<AffinityTerm> requiredAntiAffinity,
        List<AffinityTerm> preferredAffinity, List<AffinityTerm> preferredAntiAffinity) {

    public static PodInfo of(Pod pod) {
        PodSpec spec = Objects.requireNonNullElseGet(pod.getSpec(), PodSpec::new);
        String namespace = Objects.requireNonNullElse(pod.getMetadata().getNamespace(), "default");
        Affinity affinity = spec.getAffinity();
        var podAffinity = affinity == null ? null : affinity.getPodAffinity();
        var antiAffinity = affinity == null ? null : affinity.getPodAntiAffinity();
        return new PodInfo(pod, Objects.requireNonNullElse(pod.getMetadata().getUid(), ""), namespace,
                pod.getMetadata().getName(),
                pod.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(pod.getMetadata().getLabels()),
                spec.getPriority() == null ? 0 : spec.getPriority(),
                PodRequests.of(spec), PodRequests.nonZero(spec),
                spec.getTolerations() == null ? List.of() : List.copyOf(spec.getTolerations()),
                podAffinity == null ? List.of() : required(podAffinity.getRequiredDuringSchedulingIgnoredDuringExecution(), namespace),
                antiAffinity == null ? List.of() : required(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution(), namespace),
                podAffinity == null ? List.of() : preferred(podAffinity.getPreferredDuringSchedulingIgnoredDuringExecution(), namespace),
                antiAffinity == null ? List.of() : preferred(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution(), namespace));
    }

    private static List<AffinityTerm> required(List<PodAffinityTerm> terms, String namespace) {
        return terms == null ? List.of() : terms.stream().map(t -> AffinityTerm.of(t, namespace, 1)).toList();
    }

    private static List<AffinityTerm> preferred(List<WeightedPodAffinityTerm> terms, String namespace) {
        return terms == null ? List.of() : terms.stream()
                .filter(t -> t.getPodAffinityTerm() != null)
                .map(t -> AffinityTerm.of(t.getPodAffinityTerm(), namespace, t.getWeight() == null ? 0 : t.getWeight()))
                .toList();
    }

    public PodSpec spec() {
        return pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    }

    public String key() {
        return namespace + "/" + name;
    }

    /** Being deleted: still holds its node's resources, but topology spreading no longer counts it. */
    public boolean terminating() {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    public boolean hasAffinityTerms() {
        return !requiredAffinity.isEmpty() || !requiredAntiAffinity.isEmpty()
                || !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
    }
}
