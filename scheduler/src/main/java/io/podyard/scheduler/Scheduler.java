package io.podyard.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.Decision;
import io.podyard.scheduler.framework.Decision.Explanation;
import io.podyard.scheduler.framework.Decision.NodeVerdict;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.PreFilterPlugin;
import io.podyard.scheduler.framework.PreScorePlugin;
import io.podyard.scheduler.framework.Profile;
import io.podyard.scheduler.framework.ScorePlugin;
import io.podyard.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The scheduling core: {@code schedule(snapshot, pod) → decision}, with no I/O. Runs the profile's
 * pre-filters, filters the nodes (stopping, in a large cluster, once enough feasible nodes are found,
 * as Kubernetes does), scores the feasible ones and picks the best, breaking ties at random.
 *
 * <p>Not thread-safe: one scheduling loop owns one instance (it remembers where the last search stopped
 * so that successive pods start at different nodes).
 */
public final class Scheduler {
    static final String NO_NODES = "no nodes available to schedule pods";
    private static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    private static final int MIN_FEASIBLE_NODES_PERCENTAGE = 5;

    private final Profile profile;
    private final List<PreFilterPlugin> preFilters;
    private final List<FilterPlugin> filters;
    private final List<PreScorePlugin> preScores;
    private final List<Profile.Entry> scores;
    private final RandomGenerator random;
    private final boolean explainAll;
    private int nextStartNodeIndex;

    private Scheduler(Profile profile, RandomGenerator random, boolean explainAll) {
        this.profile = profile;
        this.preFilters = profile.preFilters();
        this.filters = profile.filters();
        this.preScores = profile.preScores();
        this.scores = profile.scores();
        this.random = random;
        this.explainAll = explainAll;
    }

    /** A scheduler for the loop: each node stops at its first failing filter, as Kubernetes. */
    public static Scheduler create(Profile profile, RandomGenerator random) {
        return new Scheduler(profile, random, false);
    }

    /**
     * A scheduler that explains: every filter runs on every node (so a node shows all the reasons it
     * does not fit) and every feasible node is scored.
     */
    public static Scheduler explaining(Profile profile, RandomGenerator random) {
        return new Scheduler(profile, random, true);
    }

    public Profile profile() {
        return profile;
    }

    public Decision schedule(ClusterSnapshot snapshot, Pod pod) {
        return schedule(snapshot, PodInfo.of(pod));
    }

    public Decision schedule(ClusterSnapshot snapshot, PodInfo pod) {
        List<NodeInfo> nodes = snapshot.nodes();
        if (nodes.isEmpty()) {
            return new Decision.Unschedulable(NO_NODES, true, new Explanation(0, 0, List.of(), null));
        }
        CycleState state = new CycleState();
        Set<String> skipped = new HashSet<>();
        for (PreFilterPlugin plugin : preFilters) {
            Status status = plugin.preFilter(state, pod, snapshot);
            if (status instanceof Status.Skip) {
                skipped.add(plugin.name());
            } else if (!status.isFit()) {
                String reason = String.join(", ", status.reasons());
                String message = "0/" + nodes.size() + " nodes are available: " + reason + ".";
                return new Decision.Unschedulable(message, status instanceof Status.Unschedulable,
                        new Explanation(nodes.size(), 0, List.of(),
                                new Decision.Rejection(plugin.name(), status.reasons())));
            }
        }
        List<NodeVerdict> verdicts = new ArrayList<>();
        List<NodeInfo> feasible = new ArrayList<>();
        int evaluated = filter(state, pod, nodes, skipped, verdicts, feasible);
        if (feasible.isEmpty()) {
            return unschedulable(nodes.size(), evaluated, verdicts);
        }
        if (feasible.size() == 1 && !explainAll) {
            return new Decision.Scheduled(feasible.getFirst().name(), new Explanation(nodes.size(), evaluated, verdicts, null));
        }
        return score(state, pod, snapshot, feasible, new Explanation(nodes.size(), evaluated, verdicts, null));
    }

    /** Fills {@code feasible} and {@code verdicts} (the rejected nodes); returns how many nodes it looked at. */
    private int filter(CycleState state, PodInfo pod, List<NodeInfo> nodes, Set<String> skipped,
            List<NodeVerdict> verdicts, List<NodeInfo> feasible) {
        int total = nodes.size();
        int wanted = explainAll ? total : feasibleNodesToFind(total);
        List<FilterPlugin> filters = skipped.isEmpty() ? this.filters
                : this.filters.stream().filter(f -> !skipped.contains(f.name())).toList();
        int processed = 0;
        for (; processed < total && feasible.size() < wanted; processed++) {
            NodeInfo node = nodes.get((nextStartNodeIndex + processed) % total);
            Map<String, List<String>> rejections = null;
            boolean unresolvable = false;
            for (FilterPlugin filter : filters) {
                Status status = filter.filter(state, pod, node);
                if (!status.isFit()) {
                    if (rejections == null) {
                        rejections = new LinkedHashMap<>();
                    }
                    rejections.put(filter.name(), status.reasons());
                    unresolvable |= status instanceof Status.Unresolvable;
                    if (!explainAll) {
                        break;
                    }
                }
            }
            if (rejections == null) {
                feasible.add(node);
            } else {
                verdicts.add(NodeVerdict.rejected(node.name(), rejections, unresolvable));
            }
        }
        nextStartNodeIndex = (nextStartNodeIndex + processed) % total;
        return processed;
    }

    /** How many feasible nodes are enough, as Kubernetes' numFeasibleNodesToFind. */
    int feasibleNodesToFind(int total) {
        if (total < MIN_FEASIBLE_NODES_TO_FIND) {
            return total;
        }
        int percentage = profile.percentageOfNodesToScore();
        if (percentage <= 0) {
            percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - total / 125);
        }
        if (percentage >= 100) {
            return total;
        }
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, total * percentage / 100);
    }

    /** Kubernetes' FitError message: each reason counted over the nodes, sorted as text. */
    private static Decision unschedulable(int total, int evaluated, List<NodeVerdict> verdicts) {
        Map<String, Integer> histogram = new LinkedHashMap<>();
        boolean resolvable = false;
        for (NodeVerdict verdict : verdicts) {
            // The first filter that rejected the node speaks for it, as in Kubernetes (which stops there).
            for (String reason : verdict.rejections().values().iterator().next()) {
                histogram.merge(reason, 1, Integer::sum);
            }
            resolvable |= !verdict.unresolvable();
        }
        List<String> counted = new ArrayList<>();
        histogram.forEach((reason, count) -> counted.add(count + " " + reason));
        counted.sort(null);
        String message = "0/" + total + " nodes are available: " + String.join(", ", counted) + ".";
        return new Decision.Unschedulable(message, resolvable, new Explanation(total, evaluated, verdicts, null));
    }

    private Decision score(CycleState state, PodInfo pod, ClusterSnapshot snapshot, List<NodeInfo> feasible,
            Explanation filtered) {
        Set<String> skipped = new HashSet<>();
        for (PreScorePlugin plugin : preScores) {
            Status status = plugin.preScore(state, pod, feasible, snapshot);
            if (status instanceof Status.Skip) {
                skipped.add(plugin.name());
            }
        }
        int n = feasible.size();
        long[] totals = new long[n];
        List<String> scored = new ArrayList<>();
        List<long[]> weightedScores = new ArrayList<>();
        for (Profile.Entry entry : scores) {
            ScorePlugin plugin = (ScorePlugin) entry.plugin();
            if (skipped.contains(plugin.name())) {
                continue;
            }
            long[] scores = new long[n];
            for (int i = 0; i < n; i++) {
                scores[i] = plugin.score(state, pod, feasible.get(i));
            }
            plugin.normalize(state, pod, feasible, scores);
            for (int i = 0; i < n; i++) {
                scores[i] *= entry.weight();
                totals[i] += scores[i];
            }
            scored.add(plugin.name());
            weightedScores.add(scores);
        }
        int best = -1;
        int ties = 0;
        for (int i = 0; i < n; i++) {
            if (best < 0 || totals[i] > totals[best]) {
                best = i;
                ties = 1;
            } else if (totals[i] == totals[best] && random.nextInt(++ties) == 0) {
                best = i; // reservoir sampling: each of the tied nodes wins with equal chance
            }
        }
        List<NodeVerdict> verdicts = new ArrayList<>(filtered.verdicts());
        for (int i = 0; i < n && explainAll; i++) { // the loop needs only the choice; explaining shows the scores
            Map<String, Long> perPlugin = new LinkedHashMap<>();
            for (int p = 0; p < scored.size(); p++) {
                perPlugin.put(scored.get(p), weightedScores.get(p)[i]);
            }
            verdicts.add(NodeVerdict.feasible(feasible.get(i).name(), perPlugin, totals[i]));
        }
        return new Decision.Scheduled(feasible.get(best).name(),
                new Explanation(filtered.totalNodes(), filtered.evaluatedNodes(), verdicts, null));
    }
}
