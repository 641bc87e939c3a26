package io.podyard.scheduler.framework;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of node resources as the scheduler counts them: cpu in millicores, memory and
 * ephemeral-storage in bytes, and extended ("scalar") resources such as {@code example.com/gpu} in
 * their integer units. Immutable.
 */
public record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalar) {
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    public static final String PODS = "pods";
    public static final Resources NONE = new Resources(0, 0, 0, Map.of());

    public Resources {
        scalar = Map.copyOf(scalar);
    }

    /** Reads a Kubernetes resource list (requests, limits, capacity, allocatable); pods are left out. */
    public static Resources of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return NONE;
        }
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        Map<String, Long> scalar = new TreeMap<>();
        for (Map.Entry<String, Quantity> entry : list.entrySet()) {
            switch (entry.getKey()) {
                case CPU -> cpu = milliValue(entry.getValue());
                case MEMORY -> memory = value(entry.getValue());
                case EPHEMERAL_STORAGE -> storage = value(entry.getValue());
                case PODS -> { }
                default -> {
                    if (isScalar(entry.getKey())) {
                        scalar.put(entry.getKey(), value(entry.getValue()));
                    }
                }
            }
        }
        return new Resources(cpu, memory, storage, scalar);
    }

    /**
     * Whether the scheduler counts a resource name beyond cpu, memory and ephemeral-storage: extended
     * and prefixed native resources (any name with a domain, such as {@code example.com/gpu}), hugepages
     * and attachable volumes, as Kubernetes' IsScalarResourceName.
     */
    public static boolean isScalar(String name) {
        return name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")
                || name.indexOf('/') > 0 && !name.startsWith("requests.");
    }

    /** The quantity in thousandths, rounded up, as resource.Quantity.MilliValue. */
    public static long milliValue(Quantity quantity) {
        return amount(quantity).movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
    }

    /** The quantity rounded up to a whole number, as resource.Quantity.Value. */
    public static long value(Quantity quantity) {
        return amount(quantity).setScale(0, RoundingMode.CEILING).longValue();
    }

    private static BigDecimal amount(Quantity quantity) {
        try {
            return Quantity.getAmountInBytes(quantity);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return BigDecimal.ZERO; // validation rejects malformed quantities before they get here
        }
    }

    public Resources plus(Resources other) {
        return combine(other, 1);
    }

    public Resources minus(Resources other) {
        return combine(other, -1);
    }

    /** The larger of each resource, as the init-container rule needs. */
    public Resources max(Resources other) {
        Map<String, Long> merged = new HashMap<>(scalar);
        other.scalar.forEach((name, amount) -> merged.merge(name, amount, Math::max));
        return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
                Math.max(ephemeralStorage, other.ephemeralStorage), merged);
    }

    private Resources combine(Resources other, int sign) {
        if (other.scalar.isEmpty() && scalar.isEmpty()) {
            return new Resources(milliCpu + sign * other.milliCpu, memory + sign * other.memory,
                    ephemeralStorage + sign * other.ephemeralStorage, Map.of());
        }
        Map<String, Long> merged = new HashMap<>(scalar);
        other.scalar.forEach((name, amount) -> merged.merge(name, sign * amount, Long::sum));
        return new Resources(milliCpu + sign * other.milliCpu, memory + sign * other.memory,
                ephemeralStorage + sign * other.ephemeralStorage, merged);
    }

    public long scalar(String name) {
        return scalar.getOrDefault(name, 0L);
    }

    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalar.values().stream().allMatch(v -> v == 0);
    }
}
