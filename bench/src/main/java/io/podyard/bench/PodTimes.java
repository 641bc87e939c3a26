package io.podyard.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * When each pod was created (by the benchmark's clock), and when a watch first saw it bound and
 * Running: Kubernetes' pod startup measure (creation to Running observed via watch).
 */
final class PodTimes implements AutoCloseable {
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> bound = new ConcurrentHashMap<>();
    private final Map<String, Long> running = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    PodTimes(KubernetesClient client, String namespace) {
        informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                seen(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        });
    }

    private void seen(Pod pod) {
        long now = System.nanoTime();
        String name = pod.getMetadata().getName();
        if (pod.getSpec().getNodeName() != null) {
            bound.putIfAbsent(name, now);
        }
        if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
            running.putIfAbsent(name, now);
        }
    }

    void created(String name) {
        created.put(name, System.nanoTime());
    }

    int running() {
        return running.size();
    }

    /** Waits until {@code count} pods run; false at the timeout. */
    boolean awaitRunning(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (running.size() < count) {
            if (System.nanoTime() > end) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    List<Duration> toBound() {
        return since(bound);
    }

    List<Duration> toRunning() {
        return since(running);
    }

    /** When the last pod ran, in nanoTime. */
    long lastRunning() {
        return running.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    long lastBound() {
        return bound.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private List<Duration> since(Map<String, Long> times) {
        List<Duration> samples = new ArrayList<>();
        times.forEach((name, at) -> {
            Long start = created.get(name);
            if (start != null) {
                samples.add(Duration.ofNanos(Math.max(0, at - start)));
            }
        });
        return samples;
    }

    @Override
    public void close() {
        informer.stop();
    }
}
