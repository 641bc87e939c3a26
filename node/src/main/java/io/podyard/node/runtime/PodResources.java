package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's resources as kubelet's pod cgroup sees them (pure): its QoS class and the settings of
 * its cgroup (kubelet's ResourceConfigForPod) — cpu shares from the summed cpu requests, a CFS quota
 * and a memory limit only when every container limits that resource. Init containers count with
 * the largest of them, as in Kubernetes' effective pod resources (max(sum of apps, max of inits)).
 */
public final class PodResources {
    static final long CPU_PERIOD = 100_000;
    static final long MIN_SHARES = 2;
    static final long MIN_QUOTA = 1_000;

    public enum Qos {
        GUARANTEED("Guaranteed"), BURSTABLE("Burstable"), BEST_EFFORT("BestEffort");

        public final String value;

        Qos(String value) {
            this.value = value;
        }

        /** The directory under the cgroup parent: none for Guaranteed, as in kubelet. */
        public Optional<String> cgroupDir() {
            return switch (this) {
                case GUARANTEED -> Optional.empty();
                case BURSTABLE -> Optional.of("burstable");
                case BEST_EFFORT -> Optional.of("besteffort");
            };
        }
    }

    /** The pod cgroup's settings; empty quota or memory means unlimited. */
    public record PodCgroup(long cpuShares, Optional<Long> cpuQuota, Optional<Long> memoryLimit) {
    }

    private PodResources() {
    }

    /** The API server's status.qosClass when set, else computed like it. */
    public static Qos qos(Pod pod) {
        String reported = pod.getStatus() == null ? null : pod.getStatus().getQosClass();
        for (Qos q : Qos.values()) {
            if (q.value.equals(reported)) {
                return q;
            }
        }
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : all(pod)) {
            for (String r : List.of("cpu", "memory")) {
                Quantity request = requests(c).get(r);
                Quantity limit = limits(c).get(r);
                any |= request != null || limit != null;
                if (limit == null || request != null && bytes(request).compareTo(bytes(limit)) != 0) {
                    guaranteed = false;
                }
            }
        }
        return !any ? Qos.BEST_EFFORT : guaranteed ? Qos.GUARANTEED : Qos.BURSTABLE;
    }

    public static PodCgroup podCgroup(Pod pod) {
        if (qos(pod) == Qos.BEST_EFFORT) {
            return new PodCgroup(MIN_SHARES, Optional.empty(), Optional.empty());
        }
        long cpuRequest = effective(pod, c -> milliCpu(requestOrLimit(c, "cpu")));
        Optional<Long> cpuLimit = allLimit(pod, "cpu").map(unused -> effective(pod, c -> milliCpu(limits(c).get("cpu"))));
        Optional<Long> memory = allLimit(pod, "memory").map(unused -> effective(pod,
                c -> bytes(limits(c).get("memory")).longValue()));
        return new PodCgroup(shares(cpuRequest), cpuLimit.map(PodResources::quota), memory);
    }

    /** The pod's limit of a resource (kubelet's PodLimits), when any container sets it. */
    public static Optional<Quantity> podLimit(Pod pod, String resource) {
        if (all(pod).stream().noneMatch(c -> limits(c).containsKey(resource))) {
            return Optional.empty();
        }
        long total = effective(pod, c -> limits(c).containsKey(resource) ? bytes(limits(c).get(resource)).longValue()
                : 0);
        return Optional.of(new Quantity(Long.toString(total)));
    }

    static long shares(long milliCpu) {
        return Math.max(MIN_SHARES, milliCpu * 1024 / 1000);
    }

    static long quota(long milliCpu) {
        return Math.max(MIN_QUOTA, milliCpu * CPU_PERIOD / 1000);
    }

    static long milliCpu(Quantity quantity) {
        if (quantity == null) {
            return 0;
        }
        return bytes(quantity).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValue();
    }

    static Map<String, Quantity> requests(Container c) {
        return c.getResources() == null || c.getResources().getRequests() == null ? Map.of()
                : c.getResources().getRequests();
    }

    static Map<String, Quantity> limits(Container c) {
        return c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                : c.getResources().getLimits();
    }

    /** The request, defaulting to the limit as the API server does. */
    static Quantity requestOrLimit(Container c, String resource) {
        Quantity request = requests(c).get(resource);
        return request != null ? request : limits(c).get(resource);
    }

    private static Optional<Boolean> allLimit(Pod pod, String resource) {
        return pod.getSpec().getContainers().stream().allMatch(c -> limits(c).containsKey(resource))
                && pod.getSpec().getInitContainers().stream().allMatch(c -> limits(c).containsKey(resource))
                ? Optional.of(true) : Optional.empty();
    }

    private static long effective(Pod pod, java.util.function.ToLongFunction<Container> amount) {
        long apps = pod.getSpec().getContainers().stream().mapToLong(amount).sum();
        long inits = pod.getSpec().getInitContainers().stream().mapToLong(amount).max().orElse(0);
        return Math.max(apps, inits);
    }

    private static List<Container> all(Pod pod) {
        return java.util.stream.Stream.concat(pod.getSpec().getInitContainers().stream(),
                pod.getSpec().getContainers().stream()).toList();
    }

    private static BigDecimal bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }
}
