package io.podyard.scheduler;

import static io.podyard.scheduler.framework.Profile.plugin;

import io.podyard.scheduler.framework.BindPlugin;
import io.podyard.scheduler.framework.Profile;
import io.podyard.scheduler.framework.ReservePlugin;
import io.podyard.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.podyard.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.podyard.scheduler.plugins.nodename.NodeName;
import io.podyard.scheduler.plugins.nodeports.NodePorts;
import io.podyard.scheduler.plugins.noderesources.BalancedAllocation;
import io.podyard.scheduler.plugins.noderesources.NodeResourcesFit;
import io.podyard.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.podyard.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.podyard.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.ArrayList;
import java.util.List;

/**
 * The default-scheduler profile: Kubernetes' default plugins, in its order, with its score weights.
 * This list is the one place the order is declared; every extension point runs its plugins in it.
 */
public final class DefaultProfile {
    public static final String SCHEDULER_NAME = "default-scheduler";

    private DefaultProfile() {
    }

    /** The plugins that decide placement; the pure core needs nothing else. */
    public static Profile planning() {
        return new Profile(SCHEDULER_NAME, plugins(), 0);
    }

    /** The placement plugins, then the ones that make a placement happen: reserve (assume) and bind. */
    public static Profile binding(ReservePlugin assume, BindPlugin binder, int percentageOfNodesToScore) {
        List<Profile.Entry> all = new ArrayList<>(plugins());
        all.add(plugin(assume));
        all.add(plugin(binder));
        return new Profile(SCHEDULER_NAME, all, percentageOfNodesToScore);
    }

    private static List<Profile.Entry> plugins() {
        return List.of(
                plugin(new NodeUnschedulable()),
                plugin(new NodeName()),
                plugin(new TaintToleration(), 3),
                plugin(new NodeAffinity(), 2),
                plugin(new NodePorts()),
                plugin(new NodeResourcesFit(), 1),
                plugin(new PodTopologySpread(), 2),
                plugin(new InterPodAffinity(), 2),
                plugin(new BalancedAllocation(), 1));
    }
}
