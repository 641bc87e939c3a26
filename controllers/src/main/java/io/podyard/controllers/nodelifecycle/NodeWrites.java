package io.podyard.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node lifecycle controller's writes: conditions through {@code nodes/status}, taints through
 * the node, each a compare-and-swap on the resourceVersion read. On a conflict the node is read
 * afresh and the change computed again from it, a few times, as Kubernetes' controllers retry.
 */
final class NodeWrites {
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;

    NodeWrites(KubernetesClient client) {
        this.client = client;
    }

    /** Sets the conditions {@code change} computes from the node; the node as written (or unchanged). */
    Node conditions(Node node, Function<Node, Optional<List<NodeCondition>>> change) {
        return write(node, n -> change.apply(n).map(c -> new NodeBuilder(n).editStatus().withConditions(c)
                .endStatus().build()), true);
    }

    /** Sets the taints {@code change} computes from the node (empty: leave it). */
    Node taints(Node node, Function<Node, Optional<List<Taint>>> change) {
        return write(node, n -> change.apply(n).filter(t -> !t.equals(NodeTaints.taints(n)))
                .map(t -> new NodeBuilder(n).editSpec().withTaints(t.isEmpty() ? null : t).endSpec().build()),
                false);
    }

    private Node write(Node node, Function<Node, Optional<Node>> change, boolean status) {
        Node current = node;
        for (int attempt = 1; ; attempt++) {
            Optional<Node> changed = change.apply(current);
            if (changed.isEmpty()) {
                return current;
            }
            try {
                var resource = client.nodes().resource(changed.get());
                return status ? resource.updateStatus() : resource.update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
                current = client.nodes().withName(node.getMetadata().getName()).get();
                if (current == null || !current.getMetadata().getUid().equals(node.getMetadata().getUid())) {
                    return node; // deleted (or replaced) meanwhile: nothing left to change
                }
            }
        }
    }
}
