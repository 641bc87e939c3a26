package io.podyard.controllers.rootca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.controllers.testing.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootCaPublisherTest {
    @TempDir
    Path dir;

    @Test
    void everyNamespaceHasTheClusterCaAndKeepsIt() throws Exception {
        try (Testbed bed = new Testbed(dir)) {
            KubernetesClient client = bed.client();
            String ca = Files.readString(bed.server().controlPlane().credentials().caPem());
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                    .build()).create();

            for (String ns : new String[] {"default", "kube-system", "shop"}) {
                await().until(() -> published(client, ns) != null);
                assertThat(published(client, ns).getData()).isEqualTo(Map.of("ca.crt", ca));
            }

            client.configMaps().inNamespace("shop").withName("kube-root-ca.crt")
                    .edit(cm -> {
                        cm.setData(Map.of("ca.crt", "not a CA"));
                        return cm;
                    });
            await().until(() -> Map.of("ca.crt", ca).equals(published(client, "shop").getData()));

            client.configMaps().inNamespace("shop").withName("kube-root-ca.crt").delete();
            await().until(() -> published(client, "shop") != null
                    && Map.of("ca.crt", ca).equals(published(client, "shop").getData()));
        }
    }

    private static ConfigMap published(KubernetesClient client, String namespace) {
        return client.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get();
    }
}
