package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.podyard.api.taint.Tolerations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a pod must leave a node with NoExecute taints, as Kubernetes' taint manager decides: a taint
 * no toleration matches evicts at once; otherwise the first toleration matching each taint says how
 * long the pod may stay after the taint was added (no tolerationSeconds: forever); the pod goes at
 * the earliest such time. Pods without a not-ready or unreachable NoExecute toleration are judged as
 * if Kubernetes' DefaultTolerationSeconds admission had given them one. Pure.
 */
final class TaintEviction {
    private TaintEviction() {}

    sealed interface Verdict {
        /** Every NoExecute taint is tolerated forever (or there is none). */
        record Stay() implements Verdict {}

        /** A taint is not tolerated, or its toleration ran out. */
        record EvictNow() implements Verdict {}

        /** Tolerated until {@code at}. */
        record EvictAt(Instant at) implements Verdict {}
    }

    /**
     * @param tolerations the pod's own tolerations
     * @param noExecute the node's NoExecute taints
     * @param since when each taint was added
     * @param defaultToleration the tolerationSeconds of the default not-ready/unreachable tolerations
     */
    static Verdict judge(List<Toleration> tolerations, List<Taint> noExecute, Function<Taint, Instant> since,
            Duration defaultToleration, Instant now) {
        List<Toleration> effective = withDefaults(tolerations, defaultToleration);
        Instant earliest = null;
        for (Taint taint : noExecute) {
            Optional<Toleration> first = effective.stream().filter(t -> Tolerations.tolerates(t, taint)).findFirst();
            if (first.isEmpty()) {
                return new Verdict.EvictNow();
            }
            Long seconds = first.get().getTolerationSeconds();
            if (seconds == null) {
                continue;
            }
            Instant until = since.apply(taint).plusSeconds(Math.max(0, seconds));
            earliest = earliest == null || until.isBefore(earliest) ? until : earliest;
        }
        if (earliest == null) {
            return new Verdict.Stay();
        }
        return earliest.isAfter(now) ? new Verdict.EvictAt(earliest) : new Verdict.EvictNow();
    }

    /**
     * The tolerations with Kubernetes' defaults added: {@code not-ready:NoExecute} and
     * {@code unreachable:NoExecute} for {@code seconds}, each unless a toleration with that key (or
     * no key) and effect NoExecute (or none) is there, exactly as the DefaultTolerationSeconds
     * admission plugin decides.
     */
    static List<Toleration> withDefaults(List<Toleration> tolerations, Duration seconds) {
        List<Toleration> result = new ArrayList<>(tolerations);
        for (String key : List.of(NodeTaints.NOT_READY, NodeTaints.UNREACHABLE)) {
            boolean covered = tolerations.stream().anyMatch(t -> (empty(t.getKey()) || key.equals(t.getKey()))
                    && (empty(t.getEffect()) || NodeTaints.NO_EXECUTE.equals(t.getEffect())));
            if (!covered) {
                result.add(new TolerationBuilder().withKey(key).withOperator("Exists")
                        .withEffect(NodeTaints.NO_EXECUTE).withTolerationSeconds(seconds.toSeconds()).build());
            }
        }
        return result;
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
