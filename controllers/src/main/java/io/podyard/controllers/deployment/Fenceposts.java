package io.podyard.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * maxSurge and maxUnavailable resolved against the replica count, as Kubernetes' ResolveFenceposts:
 * percentages of replicas, surge rounded up, unavailable rounded down; if both come to 0,
 * unavailable becomes 1 (surge might be impossible under quota, so the rollout must still move).
 */
public record Fenceposts(int surge, int unavailable) {
    public static Fenceposts resolve(IntOrString maxSurge, IntOrString maxUnavailable, int replicas) {
        int surge = scaled(maxSurge, replicas, true);
        int unavailable = scaled(maxUnavailable, replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Fenceposts(surge, unavailable);
    }

    /** A Deployment's fenceposts; Recreate has neither surge nor unavailability budget. */
    public static Fenceposts of(Deployment d) {
        if (!isRollingUpdate(d)) {
            return new Fenceposts(0, 0);
        }
        var rolling = d.getSpec().getStrategy().getRollingUpdate();
        IntOrString surge = rolling == null ? null : rolling.getMaxSurge();
        IntOrString unavailable = rolling == null ? null : rolling.getMaxUnavailable();
        return resolve(surge == null ? new IntOrString("25%") : surge,
                unavailable == null ? new IntOrString("25%") : unavailable, replicas(d));
    }

    /** Kubernetes' MaxSurge(d): 0 unless RollingUpdate. */
    public static int maxSurge(Deployment d) {
        return of(d).surge();
    }

    /** Kubernetes' MaxUnavailable(d): 0 unless RollingUpdate with replicas, and never above replicas. */
    public static int maxUnavailable(Deployment d) {
        if (!isRollingUpdate(d) || replicas(d) == 0) {
            return 0;
        }
        return Math.min(of(d).unavailable(), replicas(d));
    }

    public static boolean isRollingUpdate(Deployment d) {
        var strategy = d.getSpec().getStrategy();
        return strategy == null || strategy.getType() == null || "RollingUpdate".equals(strategy.getType());
    }

    public static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    /** intstr.GetScaledValueFromIntOrPercent. */
    static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null || !s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage: "
                    + s);
        }
        int percent;
        try {
            percent = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        long product = (long) percent * total;
        return (int) (roundUp ? Math.ceilDiv(product, 100) : Math.floorDiv(product, 100));
    }
}
