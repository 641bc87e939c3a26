package io.podyard.api.taint;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Taint and toleration matching, as Kubernetes' Toleration.ToleratesTaint; the scheduler and the node
 * lifecycle controllers both decide by it.
 */
public final class Tolerations {
    private Tolerations() {
    }

    /**
     * Whether one toleration tolerates one taint: the effects match (an empty effect tolerates every
     * effect), the keys match (an empty key with Exists tolerates every key), and for Equal (the
     * default operator) the values match; Exists ignores the value.
     */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = orEmpty(toleration.getEffect());
        if (!effect.isEmpty() && !effect.equals(orEmpty(taint.getEffect()))) {
            return false;
        }
        String key = orEmpty(toleration.getKey());
        if (!key.isEmpty() && !key.equals(orEmpty(taint.getKey()))) {
            return false;
        }
        return switch (orEmpty(toleration.getOperator())) {
            case "Exists" -> true;
            case "", "Equal" -> orEmpty(toleration.getValue()).equals(orEmpty(taint.getValue()));
            default -> false;
        };
    }

    public static boolean tolerated(Taint taint, List<Toleration> tolerations) {
        for (Toleration toleration : tolerations) {
            if (tolerates(toleration, taint)) {
                return true;
            }
        }
        return false;
    }

    /** How Kubernetes prints a taint in scheduling messages: {@code {key: value}}. */
    public static String describe(Taint taint) {
        return "{" + orEmpty(taint.getKey()) + ": " + orEmpty(taint.getValue()) + "}";
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
