package io.podyard.controllers.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' scale() for a Deployment whose replicas changed mid-rollout: the change is spread
 * over the active ReplicaSets in proportion to their sizes (each RS's max-replicas annotation
 * remembers the Deployment size it was last scaled for), so neither the new nor the old version
 * takes it all; leftovers go to the largest.
 */
public final class ProportionalScale {
    private ProportionalScale() {}

    /**
     * New sizes for every active ReplicaSet (unchanged ones included: their annotations are
     * refreshed by the caller).
     *
     * @param desired the Deployment's replicas now
     * @param surge its resolved maxSurge now
     * @param active the ReplicaSets with replicas > 0
     * @param statusReplicas the Deployment's status.replicas, the fallback for a missing annotation
     */
    public static Map<String, Integer> sizes(int desired, int surge, List<RsView> active, int statusReplicas) {
        int current = active.stream().mapToInt(RsView::replicas).sum();
        int allowed = desired > 0 ? desired + surge : 0;
        int toAdd = allowed - current;
        List<RsView> sorted = new ArrayList<>(active);
        if (toAdd > 0) {
            // larger first; among equals the newer first
            sorted.sort(Comparator.comparingInt(RsView::replicas).reversed()
                    .thenComparing(RsView.OLDEST_FIRST.reversed()));
        } else if (toAdd < 0) {
            // larger first; among equals the older first
            sorted.sort(Comparator.comparingInt(RsView::replicas).reversed().thenComparing(RsView.OLDEST_FIRST));
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (RsView rs : sorted) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, desired, surge, toAdd, added, statusReplicas);
            sizes.put(rs.name(), rs.replicas() + proportion);
            added += proportion;
        }
        if (toAdd != 0 && !sorted.isEmpty()) {
            String largest = sorted.getFirst().name();
            sizes.put(largest, Math.max(0, sizes.get(largest) + toAdd - added));
        }
        return sizes;
    }

    /** Kubernetes' GetProportion. */
    static int proportion(RsView rs, int desired, int surge, int toAdd, int added, int statusReplicas) {
        if (rs.replicas() == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, desired, surge, statusReplicas);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /** Kubernetes' getReplicaSetFraction: the RS's share of the new maximum, minus its size. */
    static int fraction(RsView rs, int desired, int surge, int statusReplicas) {
        if (desired == 0) {
            return -rs.replicas();
        }
        int maxNow = desired + surge;
        Integer before = rs.maxReplicasAnnotation();
        if (before == null || before == 0) {
            before = statusReplicas;
            if (before == 0) {
                return 0;
            }
        }
        double size = (double) rs.replicas() * maxNow / before;
        return (int) Math.round(size) - rs.replicas();
    }
}
