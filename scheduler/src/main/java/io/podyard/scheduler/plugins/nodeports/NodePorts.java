package io.podyard.scheduler.plugins.nodeports;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.CycleState;
import io.podyard.scheduler.framework.EnqueueExtensions;
import io.podyard.scheduler.framework.FilterPlugin;
import io.podyard.scheduler.framework.NodeInfo;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.framework.PreFilterPlugin;
import io.podyard.scheduler.framework.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Host ports are a node resource: two pods cannot both take the same hostPort/protocol on one address. */
public final class NodePorts implements EnqueueExtensions, PreFilterPlugin, FilterPlugin {
    public static final String NAME = "NodePorts";
    static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final CycleState.Key<List<HostPort>> WANTED = new CycleState.Key<>(NAME + "/wanted");

    /** One claimed host port; an empty or 0.0.0.0 address claims the port on every address. */
    record HostPort(String ip, String protocol, int port) {
        boolean conflicts(HostPort other) {
            return port == other.port && protocol.equals(other.protocol)
                    && (ip.equals(other.ip) || wildcard(ip) || wildcard(other.ip));
        }

        private static boolean wildcard(String ip) {
            return ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<ClusterEvent> requeueOn() {
        return Set.of(ClusterEvent.NODE_ADDED, ClusterEvent.ASSIGNED_POD_DELETED);
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) {
        List<HostPort> wanted = hostPorts(pod.spec());
        if (wanted.isEmpty()) {
            return Status.SKIP;
        }
        state.put(WANTED, wanted);
        return Status.FIT;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<HostPort> wanted = state.get(WANTED);
        for (PodInfo existing : node.pods()) {
            for (HostPort used : hostPorts(existing.spec())) {
                for (HostPort want : wanted) {
                    if (want.conflicts(used)) {
                        return Status.unschedulable(REASON);
                    }
                }
            }
        }
        return Status.FIT;
    }

    static List<HostPort> hostPorts(PodSpec spec) {
        List<HostPort> ports = new ArrayList<>();
        List<Container> all = new ArrayList<>();
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        for (Container container : all) {
            if (container.getPorts() == null) {
                continue;
            }
            for (ContainerPort port : container.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() > 0) {
                    ports.add(new HostPort(port.getHostIP() == null ? "" : port.getHostIP(),
                            port.getProtocol() == null ? "TCP" : port.getProtocol(), port.getHostPort()));
                }
            }
        }
        return ports;
    }
}
