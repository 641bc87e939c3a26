package io.podyard.scheduler.framework;

import java.util.List;

/**
 * Ranks a feasible node; higher is better. Scores are normalized to 0..{@link #MAX_SCORE} and then
 * multiplied by the plugin's weight from the {@link Profile}.
 */
public interface ScorePlugin extends Plugin {
    long MAX_SCORE = 100;

    long score(CycleState state, PodInfo pod, NodeInfo node);

    /** Maps raw scores (one per node, same order as {@code nodes}) into 0..MAX_SCORE in place. */
    default void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    }
}
