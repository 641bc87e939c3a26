package io.podyard.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side apply and managedFields through the HTTPS API with fabric8's client. */
class ServerSideApplyApiTest {
    @TempDir
    Path dir;

    private ServerFixture server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new ServerFixture(dir);
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ConfigMap config(Map<String, String> data) {
        return new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("default").endMetadata()
                .withData(data).build();
    }

    private ConfigMap apply(String manager, Map<String, String> data, boolean force) {
        var resource = client.resource(config(data)).fieldManager(manager);
        return force ? resource.forceConflicts().serverSideApply() : resource.serverSideApply();
    }

    @Test
    void applyCreatesThenChangesAndRemovesWhatItNoLongerApplies() {
        ConfigMap created = apply("alice", Map.of("a", "1", "b", "2"), false);
        assertThat(created.getData()).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(created.getMetadata().getUid()).isNotBlank();
        ManagedFieldsEntry entry = created.getMetadata().getManagedFields().getFirst();
        assertThat(entry.getManager()).isEqualTo("alice");
        assertThat(entry.getOperation()).isEqualTo("Apply");
        assertThat(entry.getApiVersion()).isEqualTo("v1");
        assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
        assertThat(entry.getTime()).endsWith("Z");
        assertThat(entry.getFieldsV1().getAdditionalProperties())
                .isEqualTo(Map.of("f:data", Map.of("f:a", Map.of(), "f:b", Map.of())));

        ConfigMap changed = apply("alice", Map.of("a", "10"), false);
        assertThat(changed.getData()).isEqualTo(Map.of("a", "10"));
        assertThat(changed.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    }

    @Test
    void anotherManagersFieldIsAConflictUnlessForced() {
        apply("alice", Map.of("a", "1"), false);
        assertThatThrownBy(() -> apply("bob", Map.of("a", "2"), false))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("Apply failed with 1 conflict: conflict with \"alice\": .data.a");
                    assertThat(e.getStatus().getDetails().getCauses()).singleElement().satisfies(c -> {
                        assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
                        assertThat(c.getField()).isEqualTo(".data.a");
                        assertThat(c.getMessage()).isEqualTo("conflict with \"alice\"");
                    });
                });
        ConfigMap forced = apply("bob", Map.of("a", "2"), true);
        assertThat(forced.getData()).containsEntry("a", "2");
        assertThat(forced.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
                .containsExactly("bob");
    }

    @Test
    void updatesRecordTheirManagerAndTakeTheFieldsTheyChange() {
        apply("alice", Map.of("a", "1", "b", "1"), false);
        ConfigMap updated = client.configMaps().inNamespace("default").withName("settings").patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("editor").build(),
                "{\"data\":{\"a\":\"edited\"}}");
        assertThat(updated.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", "Apply"),
                        org.assertj.core.groups.Tuple.tuple("editor", "Update"));
        assertThatThrownBy(() -> apply("alice", Map.of("a", "1", "b", "1"), false))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .startsWith("Apply failed with 1 conflict: conflict with \"editor\" using v1 at ")
                        .endsWith(": .data.a"));
    }
}
