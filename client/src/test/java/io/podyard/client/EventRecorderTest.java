package io.podyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podyard.apiserver.ServerFixture;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events land as core/v1 Events about the object, and repeats are counted on one Event. */
class EventRecorderTest {
    @TempDir
    Path dir;

    @Test
    void repeatsAggregateIntoOneEventWithACount() {
        try (ServerFixture server = new ServerFixture(dir);
                EventRecorder recorder = EventRecorder.writingTo(server.client(), "test-controller",
                        InstantSource.system())) {
            KubernetesClient client = server.client();
            ConfigMap cm = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("subject").endMetadata().build()).create();

            recorder.normal(cm, "Poked", "poked once");
            recorder.normal(cm, "Poked", "poked once");
            recorder.normal(cm, "Poked", "poked once");
            recorder.warning(cm, "Broke", "something else");

            await().until(() -> about(client, cm).size() == 2
                    && about(client, cm).stream().anyMatch(e -> e.getCount() == 3));
            Event poked = about(client, cm).stream().filter(e -> e.getReason().equals("Poked")).findFirst().orElseThrow();
            assertThat(poked.getType()).isEqualTo("Normal");
            assertThat(poked.getMessage()).isEqualTo("poked once");
            assertThat(poked.getSource().getComponent()).isEqualTo("test-controller");
            assertThat(poked.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
            assertThat(poked.getInvolvedObject().getName()).isEqualTo("subject");
            assertThat(poked.getFirstTimestamp()).isNotBlank();
            assertThat(poked.getLastTimestamp()).isNotBlank();
            Event broke = about(client, cm).stream().filter(e -> e.getReason().equals("Broke")).findFirst().orElseThrow();
            assertThat(broke.getType()).isEqualTo("Warning");
            assertThat(broke.getCount()).isEqualTo(1);
        }
    }

    /** As kubectl describe finds them: by field selector on the involved object. */
    private static List<Event> about(KubernetesClient client, ConfigMap cm) {
        return client.v1().events().inNamespace("default")
                .withField("involvedObject.uid", cm.getMetadata().getUid()).list().getItems();
    }
}
