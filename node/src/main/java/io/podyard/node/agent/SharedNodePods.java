package io.podyard.node.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pod informer for many node agents in one JVM (hollow nodes): events go to the agent of the
 * pod's {@code spec.nodeName}, so N nodes cost one watch and one cache instead of N.
 */
public final class SharedNodePods implements NodePods, AutoCloseable {
    private static final String NODE_INDEX = "nodeName";
    private static final ResourceEventHandler<Pod> IGNORE = new ResourceEventHandler<>() {
        @Override
        public void onAdd(Pod pod) {
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        }
    };
    private final Map<String, ResourceEventHandler<Pod>> handlers = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Pod> informer;

    public SharedNodePods(KubernetesClient client) {
        this.informer = client.pods().inAnyNamespace().runnableInformer(0);
        informer.addIndexers(Map.of(NODE_INDEX, pod -> List.of(nodeOf(pod))));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                handler(pod).onAdd(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                handler(newPod).onUpdate(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                handler(pod).onDelete(pod, deletedFinalStateUnknown);
            }
        });
        informer.run();
    }

    private static String nodeOf(Pod pod) {
        return Objects.requireNonNullElse(pod.getSpec() == null ? null : pod.getSpec().getNodeName(), "");
    }

    private ResourceEventHandler<Pod> handler(Pod pod) {
        return handlers.getOrDefault(nodeOf(pod), IGNORE);
    }

    @Override
    public Subscription subscribe(String nodeName, ResourceEventHandler<Pod> handler) {
        handlers.put(nodeName, handler);
        List<Pod> known = informer.getIndexer().byIndex(NODE_INDEX, nodeName);
        known.forEach(handler::onAdd);
        return new Subscription() {
            @Override
            public List<Pod> pods() {
                return informer.getIndexer().byIndex(NODE_INDEX, nodeName);
            }

            @Override
            public void close() {
                handlers.remove(nodeName, handler);
            }
        };
    }

    @Override
    public void close() {
        informer.stop();
    }
}
