package io.podyard.scheduler.plugins.helper;

import io.podyard.scheduler.framework.ScorePlugin;

/** Score normalizations shared by plugins. */
public final class Scores {
    private Scores() {
    }

    /**
     * Scales scores so the largest becomes {@link ScorePlugin#MAX_SCORE}, optionally reversed (the
     * largest raw score becomes 0), as Kubernetes' DefaultNormalizeScore.
     */
    public static void normalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long score : scores) {
            max = Math.max(max, score);
        }
        if (max == 0) {
            if (reverse) {
                java.util.Arrays.fill(scores, ScorePlugin.MAX_SCORE);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long scaled = ScorePlugin.MAX_SCORE * scores[i] / max;
            scores[i] = reverse ? ScorePlugin.MAX_SCORE - scaled : scaled;
        }
    }
}
