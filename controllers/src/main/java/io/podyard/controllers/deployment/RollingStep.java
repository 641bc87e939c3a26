package io.podyard.controllers.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a RollingUpdate, as Kubernetes' rolloutRolling takes it: scale the new ReplicaSet up
 * as far as maxSurge allows; if it needs no scaling, scale old ReplicaSets down as far as
 * maxUnavailable allows (unhealthy replicas first, so they cannot wedge the rollout).
 */
public final class RollingStep {
    private RollingStep() {}

    /**
     * The new sizes to apply, by ReplicaSet name; empty when nothing is to be scaled now.
     *
     * @param desired the Deployment's replicas
     * @param newRs the ReplicaSet of the current template
     * @param old the other ReplicaSets (active or not)
     */
    public static Map<String, Integer> next(int desired, Fenceposts f, RsView newRs, List<RsView> old) {
        List<RsView> all = new ArrayList<>(old);
        all.add(newRs);
        int target = newReplicaSetTarget(desired, f.surge(), newRs, all);
        if (target != newRs.replicas()) {
            return Map.of(newRs.name(), target);
        }
        return scaleDownOld(desired, Math.min(f.unavailable(), desired), newRs, old);
    }

    /** Kubernetes' NewRSNewReplicas for RollingUpdate, with reconcileNewReplicaSet's scale-down past desired. */
    static int newReplicaSetTarget(int desired, int surge, RsView newRs, List<RsView> all) {
        if (newRs.replicas() >= desired) {
            return desired;
        }
        int current = all.stream().mapToInt(RsView::replicas).sum();
        int maxTotal = desired + surge;
        if (current >= maxTotal) {
            return newRs.replicas();
        }
        int scaleUp = Math.min(maxTotal - current, desired - newRs.replicas());
        return newRs.replicas() + scaleUp;
    }

    /** Kubernetes' reconcileOldReplicaSets: cleanupUnhealthyReplicas, then scaleDownOldReplicaSetsForRollingUpdate. */
    static Map<String, Integer> scaleDownOld(int desired, int maxUnavailable, RsView newRs, List<RsView> old) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int oldCount = old.stream().mapToInt(RsView::replicas).sum();
        if (oldCount == 0) {
            return sizes;
        }
        int allCount = oldCount + newRs.replicas();
        int minAvailable = desired - maxUnavailable;
        int newUnavailable = newRs.replicas() - newRs.available();
        int maxScaledDown = allCount - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return sizes;
        }
        List<RsView> sorted = new ArrayList<>(old);
        sorted.sort(RsView.OLDEST_FIRST);

        int cleaned = 0;
        for (int i = 0; i < sorted.size() && cleaned < maxScaledDown; i++) {
            RsView rs = sorted.get(i);
            int unhealthy = rs.replicas() - rs.available();
            if (rs.replicas() == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            sizes.put(rs.name(), rs.replicas() - down);
            sorted.set(i, rs.withReplicas(rs.replicas() - down));
            cleaned += down;
        }

        int available = newRs.available() + sorted.stream().mapToInt(RsView::available).sum();
        if (available > minAvailable) {
            int toScaleDown = available - minAvailable;
            int scaled = 0;
            for (RsView rs : sorted) {
                if (scaled >= toScaleDown) {
                    break;
                }
                if (rs.replicas() == 0) {
                    continue;
                }
                int down = Math.min(rs.replicas(), toScaleDown - scaled);
                sizes.put(rs.name(), rs.replicas() - down);
                scaled += down;
            }
        }
        return sizes;
    }
}
