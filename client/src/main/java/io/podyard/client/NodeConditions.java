package io.podyard.client;

import io.fabric8.kubernetes.api.model.Node;

/** What a client reads from a Node's conditions. */
public final class NodeConditions {
    private NodeConditions() {
    }

    /** Whether the node reports Ready=True. */
    public static boolean ready(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
