package io.podyard.node.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;

/**
 * Where a node agent hears of the pods bound to it. An agent alone watches its own pods
 * ({@code spec.nodeName=<node>}); many hollow nodes in one JVM share {@link SharedNodePods one watch}.
 */
public interface NodePods {
    /** Delivers the node's pods to {@code handler} from now on, the ones already known included. */
    Subscription subscribe(String nodeName, ResourceEventHandler<Pod> handler);

    interface Subscription extends AutoCloseable {
        /** The node's pods as known now. */
        List<Pod> pods();

        @Override
        void close();
    }
}
