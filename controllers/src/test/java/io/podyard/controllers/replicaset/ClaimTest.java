package io.podyard.controllers.replicaset;

import static io.podyard.controllers.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.podyard.api.selector.LabelSelector;
import io.podyard.controllers.runtime.OwnerRefs;
import io.podyard.controllers.runtime.OwnerRefs.Claim;
import io.podyard.controllers.testing.TestPods;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Adoption and release: what a ReplicaSet does with each pod it sees. */
class ClaimTest {
    private static final LabelSelector WEB =
            LabelSelector.from(new LabelSelectorBuilder().addToMatchLabels("app", "web").build());

    private static ReplicaSet rs(boolean deleting) {
        return new ReplicaSetBuilder().withNewMetadata().withName("rs").withNamespace("ns").withUid("rs-uid")
                .withDeletionTimestamp(deleting ? "2025-01-01T00:00:00Z" : null).endMetadata().build();
    }

    private static TestPods controlledBy(String name, String uid) {
        return pod(name).ownedBy(new OwnerReferenceBuilder().withKind("ReplicaSet").withName("x").withUid(uid)
                .withController(true).build());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("ours and selected", false, controlledBy("p", "rs-uid").label("app", "web"), Claim.OWNED),
                Arguments.of("ours but relabeled: release", false, controlledBy("p", "rs-uid").label("app", "db"),
                        Claim.RELEASE),
                Arguments.of("ours, relabeled, but we are being deleted: leave it", true,
                        controlledBy("p", "rs-uid").label("app", "db"), Claim.IGNORE),
                Arguments.of("another controller's", false, controlledBy("p", "other").label("app", "web"),
                        Claim.IGNORE),
                Arguments.of("orphan selected: adopt", false, pod("p").label("app", "web"), Claim.ADOPT),
                Arguments.of("orphan not selected", false, pod("p").label("app", "db"), Claim.IGNORE),
                Arguments.of("orphan, but we are being deleted", true, pod("p").label("app", "web"), Claim.IGNORE),
                Arguments.of("orphan being deleted", false, pod("p").label("app", "web").terminating(), Claim.IGNORE),
                Arguments.of("a non-controller owner does not make it owned", false,
                        pod("p").label("app", "web").ownedBy(new OwnerReferenceBuilder().withKind("Thing")
                                .withName("t").withUid("t-uid").build()), Claim.ADOPT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void claims(String name, boolean ownerDeleting, TestPods pod, Claim expected) {
        assertThat(OwnerRefs.claim(rs(ownerDeleting), WEB, pod.build())).isEqualTo(expected);
    }
}
