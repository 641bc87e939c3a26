package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.sandbox.Sandbox;
import io.podyard.node.sandbox.Sandboxes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The floor a pod start is compared with: the node's building blocks alone, no API server and no
 * pod worker — pinned namespaces and CNI ADD, then one container's overlay, spec, runc create
 * under conmon and runc start, one step after the other — timed phase by phase, then torn down
 * (timed too). The bench module runs it beside the full path.
 */
public final class FloorBenchmark {
    private final Sandboxes sandboxes;
    private final ContainerRuntime containers;
    private final List<Path> layers;
    private final LongSupplier nanoTime;

    /** @param layers the image to run (base layer first); its command comes from the pod */
    public FloorBenchmark(Sandboxes sandboxes, ContainerRuntime containers, List<Path> layers, LongSupplier nanoTime) {
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.layers = List.copyOf(layers);
        this.nanoTime = nanoTime;
    }

    /** One run's phases; {@code total} is sandbox + create + start, what a pod start costs at least. */
    public record Sample(Duration sandbox, Duration create, Duration start, Duration total, Duration teardown) {
    }

    /** A floor pod that runs, with the readings of its start. */
    private record Started(String uid, String containerId, long t0, long t1, long t2, long t3) {
    }

    /** Runs {@code sleep 3600} in a fresh pod, then removes everything. */
    public Sample once() {
        return remove(start());
    }

    /**
     * {@code runs} pods started one after the other, each kept running until the last has started,
     * then removed in order. The agent's pods and podman's stay running through their runs too, so
     * every contender starts its n-th pod beside n - 1 running ones.
     */
    public List<Sample> run(int runs) {
        List<Started> started = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                started.add(start());
            }
        } finally {
            for (Started pod : started) {
                samples.add(remove(pod));
            }
        }
        return samples;
    }

    private Started start() {
        Container container = new ContainerBuilder().withName("main").withImage("floor")
                .withCommand("sleep", "3600").build();
        Pod pod = new PodBuilder().withNewMetadata().withName("floor-" + UUID.randomUUID().toString().substring(0, 8))
                .withNamespace("bench").withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withContainers(container).endSpec().build();
        long t0 = nanoTime.getAsLong();
        Sandbox sandbox = sandboxes.create(pod);
        long t1 = nanoTime.getAsLong();
        ContainerInfo info = containers.create(ContainerRequest.of(pod, container, 0, ImageConfig.EMPTY, layers,
                sandbox));
        long t2 = nanoTime.getAsLong();
        containers.start(info.id());
        long t3 = nanoTime.getAsLong();
        return new Started(pod.getMetadata().getUid(), info.id(), t0, t1, t2, t3);
    }

    private Sample remove(Started pod) {
        long t4 = nanoTime.getAsLong();
        containers.remove(pod.containerId());
        containers.removePod(pod.uid());
        sandboxes.remove(pod.uid());
        long t5 = nanoTime.getAsLong();
        return new Sample(Duration.ofNanos(pod.t1() - pod.t0()), Duration.ofNanos(pod.t2() - pod.t1()),
                Duration.ofNanos(pod.t3() - pod.t2()), Duration.ofNanos(pod.t3() - pod.t0()),
                Duration.ofNanos(t5 - t4));
    }

    /** The q-quantile (0..1) of one phase over the samples, nearest-rank. */
    public static Duration quantile(List<Sample> samples, Function<Sample, Duration> phase,
                                    double q) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Duration> sorted = samples.stream().map(phase).sorted(Comparator.naturalOrder()).toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
