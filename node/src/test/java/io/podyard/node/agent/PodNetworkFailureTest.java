package io.podyard.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podyard.node.mounts.Mounts;
import io.podyard.node.testing.FailingPodNetwork;
import io.podyard.node.testing.TestNode;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A pod network that fails only after the pod's container was created (the network is added while
 * containers are created): the pod's status says why, and the container goes with the sandbox.
 */
class PodNetworkFailureTest extends AgentTest {
    @Test
    void aNetworkFailingAfterTheContainerWasCreatedIsReportedAndLeavesNothing() {
        Path nodeDir = dir.resolve("node-b");
        FailingPodNetwork late = FailingPodNetwork.create(dir.resolve("failing-cni"),
                nodeDir.resolve("run/runtime/runc"));
        try (TestNode failing = new TestNode(nodeDir, client, "node-b", o -> o.withCniBinDir(late.binDir()))) {
            Pod created = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                    .withName("unlucky").endMetadata().withNewSpec().withNodeName("node-b")
                    .addNewContainer().withName("main").withImage(busybox).withCommand("sleep", "3600").endContainer()
                    .endSpec().build()).create();

            Pod reported = awaitPod("unlucky", p -> waiting(p).map(w -> String.valueOf(w.getMessage()))
                    .filter(m -> m.contains(FailingPodNetwork.MESSAGE)).isPresent());
            ContainerStateWaiting waiting = waiting(reported).orElseThrow();
            assertThat(waiting.getReason()).isEqualTo("ContainerCreating");
            assertThat(waiting.getMessage()).startsWith("Failed to create pod sandbox: ");
            assertThat(late.sawContainer()).as("the network failed after the container was created").exists();

            // A stopped agent has finished the sync in flight: what each failed attempt made is gone.
            failing.stopAgent();
            assertThat(failing.runtime().list(created.getMetadata().getUid())).isEmpty();
            assertThat(failing.sandboxes().podUids()).isEmpty();
            assertThat(failing.cgroupsLeft()).isEmpty();
            assertThat(Mounts.mountedUnder(nodeDir)).isEmpty();
            assertThat(TestNode.processesNaming(nodeDir)).isEmpty();
        }
    }

    private static Optional<ContainerStateWaiting> waiting(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream().map(c -> c.getState().getWaiting())
                .filter(w -> w != null).findFirst();
    }
}
