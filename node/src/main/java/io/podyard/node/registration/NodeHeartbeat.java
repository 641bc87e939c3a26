package io.podyard.node.registration;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.node.images.ImageService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeats, as kubelet sends them: the Lease {@code kube-node-lease/<node>} renewed
 * every 10 s, and the node status (conditions, images) refreshed every 10 s but written only when
 * it changed or 5 minutes passed since the last write (nodeStatusReportFrequency).
 */
public final class NodeHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);
    public static final String LEASE_NAMESPACE = "kube-node-lease";
    public static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);
    /** kubelet's nodeStatusReportFrequency: an unchanged status is written again after 5 minutes. */
    public static final Duration REPORT_INTERVAL = Duration.ofMinutes(5);
    static final int LEASE_DURATION_SECONDS = 40;

    private final KubernetesClient client;
    private final String nodeName;
    private final NodeFacts facts;
    private final SystemReserved reserved;
    private final ImageService images;
    private final Path dataDir;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private NodeStatus lastWritten;
    private Instant lastWriteAt;
    /** The lease as last written by this node; null until the first renewal, or after a failed one. */
    private Lease lastLease;

    private NodeHeartbeat(KubernetesClient client, String nodeName, NodeFacts facts, SystemReserved reserved,
                          ImageService images, Path dataDir, Clock clock, NodeStatus registered) {
        this.client = client;
        this.nodeName = nodeName;
        this.facts = facts;
        this.reserved = reserved;
        this.images = images;
        this.dataDir = dataDir;
        this.clock = clock;
        this.lastWritten = registered;
        this.lastWriteAt = clock.instant();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("node-heartbeat").factory());
    }

    /** Renews the lease at once, then every 10 s along with the status check. */
    public static NodeHeartbeat start(KubernetesClient client, String nodeName, NodeFacts facts, SystemReserved reserved,
                                      ImageService images, Path dataDir, Clock clock, NodeStatus registered) {
        NodeHeartbeat heartbeat = new NodeHeartbeat(client, nodeName, facts, reserved, images, dataDir, clock,
                registered);
        heartbeat.renewLease();
        heartbeat.timer.scheduleWithFixedDelay(heartbeat::beat, RENEW_INTERVAL.toMillis(), RENEW_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    /** The status as the node would report it now. */
    public static NodeStatus currentStatus(NodeFacts facts, SystemReserved reserved, ImageService images, Path dataDir,
                                           List<NodeCondition> previous, Instant now) {
        return NodeDocument.status(facts, reserved, images.list(),
                NodeConditions.of(HostFacts.pressure(dataDir), previous, now));
    }

    private void beat() {
        try {
            renewLease();
            reportStatus();
        } catch (RuntimeException e) {
            LOG.warn("heartbeat of node {} failed: {}", nodeName, e.toString());
        }
    }

    /** Checks the status now and writes it if it changed (or {@link #REPORT_INTERVAL} passed). */
    public synchronized void reportStatus() {
        Instant now = clock.instant();
        NodeStatus status = currentStatus(facts, reserved, images, dataDir, lastWritten.getConditions(), now);
        boolean changed = !NodeConditions.sameStatus(status.getConditions(), lastWritten.getConditions())
                || !Objects.equals(status.getImages(), lastWritten.getImages())
                || !Objects.equals(status.getAllocatable(), lastWritten.getAllocatable());
        if (changed || !now.isBefore(lastWriteAt.plus(REPORT_INTERVAL))) {
            NodeRegistration.writeStatus(client, nodeName, status);
            lastWritten = status;
            lastWriteAt = now;
        }
    }

    /**
     * Renews the lease. As kubelet does, the last lease written is updated directly (one PUT per
     * renewal); only when that conflicts, or there is none yet, is it read (or created) first.
     */
    private void renewLease() {
        var leases = client.leases().inNamespace(LEASE_NAMESPACE);
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Lease lease = lastLease != null ? lastLease : leases.withName(nodeName).get();
                if (lease == null) {
                    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(nodeName);
                    nodeOwner().ifPresent(meta::withOwnerReferences);
                    lastLease = leases.resource(new LeaseBuilder().withMetadata(meta.build())
                            .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
                            .withRenewTime(now).endSpec().build()).create();
                } else {
                    lease.getSpec().setHolderIdentity(nodeName);
                    lease.getSpec().setLeaseDurationSeconds(LEASE_DURATION_SECONDS);
                    lease.getSpec().setRenewTime(now);
                    lastLease = leases.resource(lease).update();
                }
                return;
            } catch (KubernetesClientException e) {
                lastLease = null;
                if (e.getCode() != 409 && e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }

    /** The Node owns its lease, so deleting the Node removes the lease too. */
    private Optional<OwnerReference> nodeOwner() {
        var node = client.nodes().withName(nodeName).get();
        if (node == null) {
            return Optional.empty();
        }
        return Optional.of(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node").withName(nodeName)
                .withUid(node.getMetadata().getUid()).build());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
