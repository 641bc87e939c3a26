package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ?watch=true through the watch cache, with fabric8's watch client. */
class WatchApiTest {
    @TempDir
    Path dir;

    private ServerFixture server;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Records "TYPE name" per event. */
    private static final class Recorder implements Watcher<ConfigMap> {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void eventReceived(Action action, ConfigMap cm) {
            seen.add(action + " " + cm.getMetadata().getName());
        }

        @Override
        public void onClose(WatcherException cause) {
            seen.add("CLOSED " + cause);
        }
    }

    private ConfigMap create(String name, String app) {
        return server.client().configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName(name).addToLabels("app", app).endMetadata().build()).create();
    }

    @Test
    void aWatchSeesAddedModifiedAndDeletedInOrder() {
        var cms = server.client().configMaps().inNamespace("default");
        String rv = cms.list().getMetadata().getResourceVersion();
        Recorder recorder = new Recorder();
        try (var ignored = cms.withResourceVersion(rv).watch(recorder)) {
            ConfigMap a = create("a", "web");
            a.getMetadata().getLabels().put("tier", "front");
            cms.resource(a).update();
            cms.withName("a").delete();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> recorder.seen.size() >= 3);
            assertThat(recorder.seen).containsExactly("ADDED a", "MODIFIED a", "DELETED a");
        }
    }

    @Test
    void aWatchWithoutAVersionStartsWithTheCurrentObjects() {
        create("before", "web");
        Recorder recorder = new Recorder();
        try (var ignored = server.client().configMaps().inNamespace("default").watch(recorder)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> recorder.seen.contains("ADDED before"));
            create("after", "web");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> recorder.seen.contains("ADDED after"));
        }
    }

    @Test
    void aSelectedWatchSeesObjectsEnterAndLeaveItsSelection() {
        var cms = server.client().configMaps().inNamespace("default");
        Recorder recorder = new Recorder();
        String rv = cms.list().getMetadata().getResourceVersion();
        try (var ignored = cms.withLabel("app", "web").withResourceVersion(rv).watch(recorder)) {
            ConfigMap x = create("x", "db");
            x.getMetadata().getLabels().put("app", "web");
            x = cms.resource(x).update();
            x.getMetadata().getLabels().put("app", "db");
            cms.resource(x).update();
            create("y", "web");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> recorder.seen.size() >= 3);
            assertThat(recorder.seen).containsExactly("ADDED x", "DELETED x", "ADDED y");
        }
    }

    @Test
    void aWatchWithABadSelectorIsRefusedWith400() {
        var cms = server.client().configMaps().inNamespace("default");
        assertThatThrownBy(() -> cms.withField("data.key", "x").watch(new Recorder()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void manyWatchersShareOneCacheAndAllSeeEveryEvent() {
        var cms = server.client().configMaps().inNamespace("default");
        String rv = cms.list().getMetadata().getResourceVersion();
        List<Recorder> recorders = new CopyOnWriteArrayList<>();
        List<AutoCloseable> watches = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            Recorder r = new Recorder();
            recorders.add(r);
            watches.add(cms.withResourceVersion(rv).watch(r));
        }
        for (int i = 0; i < 10; i++) {
            create("cm-" + i, "web");
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> recorders.stream().allMatch(r -> r.seen.size() >= 10));
        for (Recorder r : recorders) {
            assertThat(r.seen).hasSize(10).allMatch(s -> s.startsWith("ADDED cm-"));
        }
        watches.forEach(w -> {
            try {
                w.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
