package io.podyard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.podyard.node.images.fixtures.TestImages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Deployment's life with the real kubectl on a one-node cluster running real containers: create,
 * rollout status, set image (never fewer ready pods than replicas − maxUnavailable, seen from a
 * watch), undo, self-healing, scaling both ways, and deletion of everything it owns.
 */
class KubectlDeploymentTest extends NodeClusterSession {
    static String v2;

    /** The same image under a second tag, so that {@code set image} changes the template. */
    @BeforeAll
    static void pushSecondTag() {
        v2 = registry.push(TestImages.layout(), TestImages.BUSYBOX, "busybox:v2");
    }

    @Test
    void aDeploymentRollsForwardAndBackHealsAndScales() {
        // sh as pid 1 ignores SIGTERM unless it traps it: without the trap every replaced pod takes its 30 s grace
        kubectl.run("create", "deployment", "web", "--image=" + busybox, "--replicas=3", "--", "sh", "-c",
                "trap 'exit 0' TERM; sleep 3600 & wait").ok();
        assertThat(rolloutStatus()).contains("successfully rolled out");
        assertThat(readyPods()).hasSize(3);

        ReadyWatch watch = new ReadyWatch();
        try (SharedIndexInformer<Pod> _ = cluster.client().pods().inNamespace("default")
                .withLabel("app", "web").inform(watch)) {
            watch.startCounting(); // the initial list arrives one pod at a time: count from here on
            kubectl.run("set", "image", "deployment/web", "*=" + v2).ok();
            assertThat(rolloutStatus()).contains("successfully rolled out");
            // 3 replicas: maxUnavailable 25% rounds down to 0, so all 3 stay ready throughout
            assertThat(watch.fewestReady.get()).isGreaterThanOrEqualTo(3);
        }
        assertThat(images()).containsOnly(v2);
        assertThat(kubectl.run("rollout", "history", "deployment/web").ok().out()).contains("1").contains("2");

        kubectl.run("rollout", "undo", "deployment/web").ok();
        assertThat(rolloutStatus()).contains("successfully rolled out");
        assertThat(kubectl.run("get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}")
                .ok().out()).isEqualTo(busybox);
        assertThat(images()).containsOnly(busybox);

        String victim = readyPods().getFirst();
        kubectl.run("delete", "pod", victim, "--grace-period=1").ok();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(readyPods()).hasSize(3).doesNotContain(victim));

        kubectl.run("scale", "deployment/web", "--replicas=5").ok();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(readyPods()).hasSize(5));
        kubectl.run("scale", "deployment/web", "--replicas=1").ok();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pods()).hasSize(1));

        kubectl.run("delete", "deployment", "web").ok();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(kubectl.run("get", "replicasets", "-o", "name").ok().out()).isEmpty();
            assertThat(pods()).isEmpty();
        });
    }

    private String rolloutStatus() {
        return kubectl.run("rollout", "status", "deployment/web", "--timeout=120s").ok().out();
    }

    /** Names of the app's pods that are Ready and not being deleted. */
    private List<String> readyPods() {
        return cluster.client().pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
                .filter(ReadyWatch::ready).map(p -> p.getMetadata().getName()).toList();
    }

    private List<Pod> pods() {
        return cluster.client().pods().inNamespace("default").withLabel("app", "web").list().getItems();
    }

    private List<String> images() {
        return pods().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> p.getSpec().getContainers().getFirst().getImage()).toList();
    }

    /** The fewest Ready, not-terminating pods seen at any point of the watch, event by event. */
    static final class ReadyWatch implements ResourceEventHandler<Pod> {
        private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
        final AtomicInteger fewestReady = new AtomicInteger(Integer.MAX_VALUE);

        static boolean ready(Pod pod) {
            return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                    && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }

        private volatile boolean counting;

        void startCounting() {
            fewestReady.set(count());
            counting = true;
        }

        private int count() {
            return (int) ready.values().stream().filter(r -> r).count();
        }

        private void seen(Pod pod, boolean gone) {
            ready.put(pod.getMetadata().getUid(), !gone && ready(pod));
            if (counting) {
                fewestReady.accumulateAndGet(count(), Math::min);
            }
        }

        @Override
        public void onAdd(Pod pod) {
            seen(pod, false);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            seen(pod, false);
        }

        @Override
        public void onDelete(Pod pod, boolean unknown) {
            seen(pod, true);
        }
    }
}
