package io.podyard.node.podworker;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.podyard.node.runtime.PodResources;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubelet's ephemeral-storage limit eviction (pure): when the pod's containers' writable layers,
 * logs and disk emptyDirs together use more than the pod's limit (the sum of its containers'
 * ephemeral-storage limits), or one container's layer and logs more than its own limit, the pod is
 * evicted with kubelet's message.
 */
final class StorageEviction {
    static final String RESOURCE = "ephemeral-storage";
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};

    private StorageEviction() {
    }

    static boolean limited(Pod pod) {
        return PodResources.podLimit(pod, RESOURCE).isPresent();
    }

    /** The eviction message when {@code usageBytes} exceeds the pod's limit. */
    static Optional<String> check(Pod pod, long usageBytes) {
        return check(pod, usageBytes, Map.of());
    }

    /**
     * As kubelet checks, in its order: the pod's usage ({@code podBytes}: writable layers, logs and
     * disk emptyDirs) against the sum of its containers' limits, then each container's own usage
     * ({@code containerBytes} by name: its writable layer and logs) against that container's limit.
     */
    static Optional<String> check(Pod pod, long podBytes, Map<String, Long> containerBytes) {
        Optional<String> podOver = PodResources.podLimit(pod, RESOURCE)
                .map(Quantity::getAmountInBytes)
                .filter(limit -> BigInteger.valueOf(podBytes).compareTo(limit.toBigInteger()) > 0)
                .map(limit -> "Pod ephemeral local storage usage exceeds the total limit of containers "
                        + format(limit.toBigInteger().longValueExact()) + ".");
        if (podOver.isPresent()) {
            return podOver;
        }
        for (Container c : pod.getSpec().getContainers()) {
            Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null
                    : c.getResources().getLimits().get(RESOURCE);
            Long used = containerBytes.get(c.getName());
            if (limit != null && used != null
                    && BigInteger.valueOf(used).compareTo(Quantity.getAmountInBytes(limit).toBigInteger()) > 0) {
                return Optional.of("Container " + c.getName() + " exceeded its local ephemeral storage limit \""
                        + limit + "\". ");
            }
        }
        return Optional.empty();
    }

    /**
     * The pod's status once evicted: Failed with reason Evicted and the message, and kubelet's
     * DisruptionTarget condition; the Ready conditions are False. Transition times already in
     * {@code current} (the pod's status in the API) are kept, so a repeated build is equal.
     */
    static PodStatus evictedStatus(PodStatus built, PodStatus current, String message, Instant now) {
        List<PodCondition> known = current == null || current.getConditions() == null ? List.of()
                : current.getConditions();
        PodStatus status = new PodStatusBuilder(built).withPhase("Failed").withReason("Evicted").withMessage(message)
                .build();
        List<PodCondition> conditions = new ArrayList<>();
        for (PodCondition c : status.getConditions()) {
            if (c.getType().equals("DisruptionTarget")) {
                continue;
            }
            if ((c.getType().equals("Ready") || c.getType().equals("ContainersReady")) && "True".equals(c.getStatus())) {
                c = new PodConditionBuilder(c).withStatus("False").withReason("PodFailed").withMessage(null)
                        .withLastTransitionTime(transitionTime(known, c.getType(), "False", now)).build();
            }
            conditions.add(c);
        }
        conditions.add(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                .withReason("TerminationByKubelet").withMessage(message)
                .withLastTransitionTime(transitionTime(known, "DisruptionTarget", "True", now)).build());
        status.setConditions(conditions);
        return status;
    }

    private static String transitionTime(List<PodCondition> known, String type, String status, Instant now) {
        return known.stream().filter(c -> c.getType().equals(type) && status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).findFirst()
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** Bytes as Kubernetes prints a quantity: "10Mi" when a power of 1024 divides it, else "1G", else bytes. */
    static String format(long bytes) {
        if (bytes != 0 && bytes % 1024 == 0) {
            return scaled(bytes, 1024, BINARY);
        }
        return bytes != 0 && bytes % 1000 == 0 ? scaled(bytes, 1000, DECIMAL) : Long.toString(bytes);
    }

    private static String scaled(long bytes, int base, String[] suffixes) {
        int i = 0;
        while (bytes % base == 0 && i < suffixes.length - 1) {
            bytes /= base;
            i++;
        }
        return bytes + suffixes[i];
    }
}
