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
 * under conmon and runc start — timed phase by phase, then torn down (timed too). The bench
 * module runs it beside the full path.
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

    /** Runs {@code sleep 3600} in a fresh pod, then removes everything. */
    public Sample once() {
        Container container = new ContainerBuilder().withName("main").withImage("floor")
                .withCommand("sleep", "3600").build();
        Pod pod = new PodBuilder().withNewMetadata().withName("floor-" + UUID.randomUUID().toString().substring(0, 8))
                .withNamespace("bench").withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withContainers(container).endSpec().build();
        String uid = pod.getMetadata().getUid();
        long t0 = nanoTime.getAsLong();
        Sandbox sandbox = sandboxes.create(pod);
        long t1 = nanoTime.getAsLong();
        ContainerInfo info = containers.create(ContainerRequest.of(pod, container, 0, ImageConfig.EMPTY, layers,
                sandbox));
        long t2 = nanoTime.getAsLong();
        containers.start(info.id());
        long t3 = nanoTime.getAsLong();
        containers.remove(info.id());
        containers.removePod(uid);
        sandboxes.remove(uid);
        long t4 = nanoTime.getAsLong();
        return new Sample(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2),
                Duration.ofNanos(t3 - t0), Duration.ofNanos(t4 - t3));
    }

    /** {@code runs} samples, one after the other. */
    public List<Sample> run(int runs) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            samples.add(once());
        }
        return samples;
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
