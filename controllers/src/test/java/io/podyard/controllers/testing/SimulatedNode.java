package io.podyard.controllers.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node whose "agent" is this test helper: it registers the Node (Ready=True, room for pods),
 * renews its Lease in kube-node-lease every {@code period} as a kubelet does, and marks the pods
 * bound to it Running and Ready. {@link #stopHeartbeats} makes it fall silent as a dead machine
 * would (no lease renewals, no status, pods left as they were); {@link #resumeHeartbeats} brings it back.
 */
public final class SimulatedNode implements AutoCloseable {
    private final KubernetesClient client;
    private final String name;
    private final Duration period;
    private final StandInKubelet kubelet;
    private final Object lock = new Object();
    private Thread renewer;
    private Watch watch;
    private Instant lastRenewal;

    private SimulatedNode(KubernetesClient client, String name, Duration period, boolean cordoned) {
        this.client = client;
        this.name = name;
        this.period = period;
        this.kubelet = new StandInKubelet(client);
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().withUnschedulable(cordoned ? true : null).endSpec()
                .withNewStatus().withCapacity(capacity()).withAllocatable(capacity())
                .withConditions(ready(Instant.now(), null)).endStatus().build()).create();
        client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40)
                .withRenewTime(now()).endSpec().build()).create();
        resumeHeartbeats();
    }

    /** Registers a node and starts its heartbeats; {@code cordoned} registers it unschedulable. */
    public static SimulatedNode start(KubernetesClient client, String name, Duration period, boolean cordoned) {
        return new SimulatedNode(client, name, period, cordoned);
    }

    public String name() {
        return name;
    }

    /** Stops renewing the lease and serving pods; returns the time of the last renewal. */
    public Instant stopHeartbeats() {
        Thread t;
        synchronized (lock) {
            t = renewer;
            renewer = null;
            if (watch != null) {
                watch.close();
                watch = null;
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            return lastRenewal;
        }
    }

    /** Renews again, posts Ready=True and serves its pods, as a kubelet coming back. */
    public void resumeHeartbeats() {
        renew();
        postReady();
        synchronized (lock) {
            if (renewer != null) {
                return;
            }
            watch = client.pods().inAnyNamespace().withField("spec.nodeName", name).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (action != Action.DELETED && pod.getMetadata().getDeletionTimestamp() == null
                            && !StandInKubelet.isReady(pod)) {
                        Thread.ofVirtual().start(() -> kubelet.markReady(pod));
                    }
                }

                @Override
                public void onClose(WatcherException cause) {}
            });
            renewer = Thread.ofVirtual().name("heartbeat-" + name).start(this::renewEvery);
        }
    }

    private void renewEvery() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period);
                renew();
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (KubernetesClientException e) {
            // the server went away at the end of a test
        }
    }

    private void renew() {
        Lease lease = client.leases().inNamespace("kube-node-lease").withName(name).get();
        ZonedDateTime now = now();
        lease.getSpec().setRenewTime(now);
        client.leases().inNamespace("kube-node-lease").resource(lease).update();
        synchronized (lock) {
            lastRenewal = now.toInstant();
        }
    }

    /** Posts Ready=True as the kubelet's status update does (transition time kept while it stays True). */
    private void postReady() {
        for (int attempt = 0; attempt < 5; attempt++) {
            Node node = client.nodes().withName(name).get();
            NodeCondition before = node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                    .findFirst().orElse(null);
            List<NodeCondition> conditions = new ArrayList<>(node.getStatus().getConditions());
            conditions.removeIf(c -> List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")
                    .contains(c.getType()));
            conditions.add(ready(Instant.now(), before));
            node.getStatus().setConditions(conditions);
            try {
                client.nodes().resource(node).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private static NodeCondition ready(Instant now, NodeCondition before) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String transition = before != null && "True".equals(before.getStatus()) ? before.getLastTransitionTime() : at;
        return new NodeConditionBuilder().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").withLastHeartbeatTime(at)
                .withLastTransitionTime(transition).build();
    }

    private static Map<String, Quantity> capacity() {
        return Map.of("cpu", new Quantity("8"), "memory", new Quantity("16Gi"), "pods", new Quantity("110"));
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public void close() {
        stopHeartbeats();
    }
}
