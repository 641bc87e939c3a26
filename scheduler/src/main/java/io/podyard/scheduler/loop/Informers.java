package io.podyard.scheduler.loop;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.podyard.scheduler.cache.SchedulerCache;
import io.podyard.scheduler.framework.ClusterEvent;
import io.podyard.scheduler.framework.ClusterSnapshot;
import io.podyard.scheduler.framework.PodInfo;
import io.podyard.scheduler.queue.SchedulingQueue;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Feeds the cache and the queue from watches of namespaces, nodes and pods: pending pods this
 * scheduler is responsible for go to the queue, bound pods to the cache, and each change that could
 * help a rejected pod becomes a {@link ClusterEvent}.
 */
final class Informers implements AutoCloseable {
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final String schedulerName;
    private final Consumer<String> forgetPod;
    private final List<SharedIndexInformer<?>> informers;

    /** Starts the watches and returns once each has listed what exists. */
    Informers(KubernetesClient client, SchedulerCache cache, SchedulingQueue queue, String schedulerName,
            Consumer<String> forgetPod) {
        this.cache = cache;
        this.queue = queue;
        this.schedulerName = schedulerName;
        this.forgetPod = forgetPod;
        this.informers = List.of(
                client.namespaces().inform(handler(this::namespaceChanged, (o, n) -> namespaceChanged(n), this::namespaceDeleted)),
                client.nodes().inform(handler(this::nodeAdded, this::nodeUpdated, this::nodeDeleted)),
                client.pods().inAnyNamespace().inform(handler(this::podAdded, this::podUpdated, this::podDeleted)));
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> add, java.util.function.BiConsumer<T, T> update,
            Consumer<T> delete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                add.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                update.accept(oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                delete.accept(obj);
            }
        };
    }

    private void namespaceChanged(Namespace namespace) {
        cache.setNamespaceLabels(namespace.getMetadata().getName(), namespace.getMetadata().getLabels());
        queue.onEvent(ClusterEvent.NAMESPACE_CHANGED);
    }

    private void namespaceDeleted(Namespace namespace) {
        cache.setNamespaceLabels(namespace.getMetadata().getName(), null);
    }

    private void nodeAdded(Node node) {
        cache.putNode(node);
        queue.onEvent(ClusterEvent.NODE_ADDED);
    }

    private void nodeUpdated(Node old, Node node) {
        cache.putNode(node);
        if (!Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())) {
            queue.onEvent(ClusterEvent.NODE_LABELS_CHANGED);
        }
        if (!Objects.equals(old.getSpec().getTaints(), node.getSpec().getTaints())
                || !Objects.equals(old.getSpec().getUnschedulable(), node.getSpec().getUnschedulable())
                || !Objects.equals(ready(old), ready(node))) {
            queue.onEvent(ClusterEvent.NODE_TAINTS_CHANGED);
        }
        if (!Objects.equals(allocatable(old), allocatable(node))) {
            queue.onEvent(ClusterEvent.NODE_ALLOCATABLE_CHANGED);
        }
    }

    private static String ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return null;
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse(null);
    }

    private static Object allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    private void nodeDeleted(Node node) {
        cache.removeNode(node.getMetadata().getName());
    }

    private void podAdded(Pod pod) {
        if (bound(pod)) {
            if (!ClusterSnapshot.terminal(pod)) {
                cache.putBoundPod(PodInfo.of(pod), pod.getSpec().getNodeName());
                queue.onEvent(ClusterEvent.ASSIGNED_POD_ADDED);
            }
        } else if (responsible(pod)) {
            queue.add(PodInfo.of(pod));
        }
    }

    private void podUpdated(Pod old, Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (bound(pod)) {
            queue.delete(uid);
            if (ClusterSnapshot.terminal(pod)) {
                cache.removePod(uid);
                queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETED);
                return;
            }
            cache.putBoundPod(PodInfo.of(pod), pod.getSpec().getNodeName());
            if (!bound(old)) {
                queue.onEvent(ClusterEvent.ASSIGNED_POD_ADDED);
            } else if (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
                queue.onEvent(ClusterEvent.ASSIGNED_POD_LABELS_CHANGED);
            }
        } else if (responsible(pod)) {
            queue.update(PodInfo.of(pod));
        } else {
            queue.delete(uid); // e.g. now terminating
            forgetPod.accept(uid);
        }
    }

    private void podDeleted(Pod pod) {
        String uid = pod.getMetadata().getUid();
        queue.delete(uid);
        forgetPod.accept(uid);
        if (bound(pod)) {
            cache.removePod(uid);
            queue.onEvent(ClusterEvent.ASSIGNED_POD_DELETED);
        }
    }

    private static boolean bound(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return node != null && !node.isEmpty();
    }

    /** Pending, not being deleted, not finished, and asking for this scheduler (no name means the default). */
    private boolean responsible(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        return (name == null || name.isEmpty() || name.equals(schedulerName))
                && pod.getMetadata().getDeletionTimestamp() == null && !ClusterSnapshot.terminal(pod);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
