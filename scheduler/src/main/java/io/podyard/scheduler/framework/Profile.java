package io.podyard.scheduler.framework;

import java.util.List;

/**
 * The plugins of one scheduler, in the order they run, with each score plugin's weight. The order of
 * every extension point is the order of this one list.
 *
 * @param percentageOfNodesToScore how many nodes to look at before settling for the feasible ones
 *     found, as Kubernetes' option of the same name; 0 picks it adaptively from the cluster size
 */
public record Profile(String schedulerName, List<Entry> plugins, int percentageOfNodesToScore) {
    /** A plugin and, if it scores, its weight. */
    public record Entry(Plugin plugin, int weight) {
    }

    public Profile {
        plugins = List.copyOf(plugins);
    }

    public static Entry plugin(Plugin plugin) {
        return new Entry(plugin, 0);
    }

    public static Entry plugin(ScorePlugin plugin, int weight) {
        return new Entry(plugin, weight);
    }

    public List<PreFilterPlugin> preFilters() {
        return of(PreFilterPlugin.class);
    }

    public List<FilterPlugin> filters() {
        return of(FilterPlugin.class);
    }

    public List<PreScorePlugin> preScores() {
        return of(PreScorePlugin.class);
    }

    /** Score plugins with a weight above zero. */
    public List<Entry> scores() {
        return plugins.stream().filter(e -> e.plugin() instanceof ScorePlugin && e.weight() > 0).toList();
    }

    public List<ReservePlugin> reserves() {
        return of(ReservePlugin.class);
    }

    public List<BindPlugin> binders() {
        return of(BindPlugin.class);
    }

    private <T> List<T> of(Class<T> point) {
        return plugins.stream().map(Entry::plugin).filter(point::isInstance).map(point::cast).toList();
    }
}
