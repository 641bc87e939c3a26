package io.podyard.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.controllers.testing.Testbed;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanedPodCollectorTest {
    @TempDir
    Path dir;

    @Test
    void podsBoundToADeletedNodeAreDeletedAndOthersStay() {
        try (Testbed testbed = new Testbed(dir)) {
            KubernetesClient client = testbed.client();
            for (String node : new String[] {"doomed", "healthy"}) {
                client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build())
                        .create();
                client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("on-" + node)
                        .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("c")
                        .withImage("busybox").endContainer().endSpec().build()).create();
            }
            client.nodes().withName("doomed").delete();
            await().until(() -> client.pods().inNamespace("default").withName("on-doomed").get() == null);
            assertThat(client.pods().inNamespace("default").withName("on-healthy").get()).isNotNull();
        }
    }
}
