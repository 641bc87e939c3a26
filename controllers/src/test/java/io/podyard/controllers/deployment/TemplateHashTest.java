package io.podyard.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;

class TemplateHashTest {
    private static PodTemplateSpec template(String image, String... labels) {
        PodTemplateSpecBuilder b = new PodTemplateSpecBuilder().withNewMetadata().endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec();
        for (int i = 0; i < labels.length; i += 2) {
            b.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        return b.build();
    }

    @Test
    void equalTemplatesHashEquallyWhateverTheLabelOrder() {
        assertThat(TemplateHash.of(template("a", "x", "1", "y", "2"), null))
                .isEqualTo(TemplateHash.of(template("a", "y", "2", "x", "1"), null))
                .matches("[bcdfghjklmnpqrstvwxz2456789]+");
    }

    @Test
    void theHashIgnoresAnExistingHashLabelButNotOtherChanges() {
        String plain = TemplateHash.of(template("a", "app", "web"), null);
        assertThat(TemplateHash.of(template("a", "app", "web", TemplateHash.LABEL, "zzz"), null)).isEqualTo(plain);
        assertThat(TemplateHash.of(template("b", "app", "web"), null)).isNotEqualTo(plain);
        assertThat(TemplateHash.of(template("a", "app", "web"), 1)).as("a collision count moves the hash")
                .isNotEqualTo(plain);
    }

    @Test
    void equalIgnoringHashComparesEverythingElse() {
        assertThat(TemplateHash.equalIgnoringHash(template("a", "app", "web", TemplateHash.LABEL, "h1"),
                template("a", "app", "web"))).isTrue();
        assertThat(TemplateHash.equalIgnoringHash(template("a", "app", "web"), template("a", "app", "db"))).isFalse();
        assertThat(TemplateHash.equalIgnoringHash(template("a", TemplateHash.LABEL, "h1"), template("a"))).isTrue();
    }
}
