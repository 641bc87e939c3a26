package io.podyard.node.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.node.hollow.HollowSettings;
import io.podyard.node.sandbox.Ipv4Cidr;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Many hollow nodes in one JVM (kubemark's hollow-node pods, without the pods): {@code count} node
 * agents sharing one API client (one connection pool) and one pod watch ({@link SharedNodePods}).
 * Node {@code i} is {@code <prefix>-<i>} with podCIDR {@code 10.(128 + i/256).(i%256).0/24} — pretend
 * addresses no packet is ever sent to. A test and benchmark tool.
 */
public final class HollowFleet implements AutoCloseable {
    /** How many nodes register at once. */
    private static final int PARALLEL_STARTS = 128;
    public static final int MAX_NODES = 128 * 256;

    private final SharedNodePods pods;
    private final List<NodeAgent> agents;

    private HollowFleet(SharedNodePods pods, List<NodeAgent> agents) {
        this.pods = pods;
        this.agents = agents;
    }

    public static HollowFleet start(KubernetesClient client, String prefix, int count, Path dir,
                                    HollowSettings settings) {
        if (count < 0 || count > MAX_NODES) {
            throw new IllegalArgumentException("between 0 and " + MAX_NODES + " hollow nodes, not " + count);
        }
        SharedNodePods pods = new SharedNodePods(client);
        List<Future<NodeAgent>> starts = new ArrayList<>();
        Semaphore permits = new Semaphore(PARALLEL_STARTS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                String name = prefix + "-" + i;
                NodeOptions options = NodeOptions.defaults(name, dir.resolve(name), dir.resolve(name))
                        .withPodCidr(podCidr(i)).withHollow(settings);
                starts.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return NodeAgent.start(client, options, pods);
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<NodeAgent> agents = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<NodeAgent> start : starts) {
            try {
                agents.add(start.get());
            } catch (ExecutionException e) {
                failure = failure != null ? failure : new IllegalStateException("a hollow node did not start: "
                        + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while starting hollow nodes");
            }
        }
        HollowFleet fleet = new HollowFleet(pods, agents);
        if (failure != null) {
            fleet.close();
            throw failure;
        }
        return fleet;
    }

    static Ipv4Cidr podCidr(int index) {
        return Ipv4Cidr.parse("10." + (128 + index / 256) + "." + (index % 256) + ".0/24");
    }

    public int size() {
        return agents.size();
    }

    /** Heap in use after a full GC, in bytes: what a fleet costs when measured before and after it starts. */
    public static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            agents.forEach(agent -> executor.submit(agent::close));
        }
        pods.close();
    }
}
