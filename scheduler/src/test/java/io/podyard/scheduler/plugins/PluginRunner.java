package io.podyard.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.PreFilterPlugin;
import io.podyard.scheduler.framework.PreScorePlugin;
import io.podyard.scheduler.framework.ScorePlugin;
import io.podyard.scheduler.framework.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs one plugin's extension points the way the core does, for plugin tables. */
public final class PluginRunner {
    private PluginRunner() {
    }

    /** Pre-filter (if any) then filter of one node of the snapshot; a skipped filter is a fit. */
    public static Status filter(FilterPlugin plugin, Pod pod, ClusterSnapshot snapshot, String node) {
        PodInfo info = PodInfo.of(pod);
        CycleState state = new CycleState();
        if (plugin instanceof PreFilterPlugin pre) {
            Status status = pre.preFilter(state, info, snapshot);
            if (status instanceof Status.Skip) {
                return Status.FIT;
            }
            if (!status.isFit()) {
                return status;
            }
        }
        return plugin.filter(state, info, snapshot.node(node));
    }

    /** Pre-score (if any), score and normalize over every node of the snapshot; null when skipped. */
    public static Map<String, Long> scores(ScorePlugin plugin, Pod pod, ClusterSnapshot snapshot) {
        PodInfo info = PodInfo.of(pod);
        CycleState state = new CycleState();
        List<NodeInfo> nodes = snapshot.nodes();
        if (plugin instanceof PreScorePlugin pre && pre.preScore(state, info, nodes, snapshot) instanceof Status.Skip) {
            return null;
        }
        long[] scores = new long[nodes.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = plugin.score(state, info, nodes.get(i));
        }
        plugin.normalize(state, info, nodes, scores);
        Map<String, Long> byNode = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) {
            byNode.put(nodes.get(i).name(), scores[i]);
        }
        return byNode;
    }
}
