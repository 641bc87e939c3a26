package io.podyard.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Status counts and the Available/Progressing conditions as kubectl rollout status reads them. */
class DeploymentStatusesTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");

    private static ReplicaSet rs(String name, int spec, int replicas, int ready, int available) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(spec).endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(available)
                .endStatus().build();
    }

    private static Deployment deployment(DeploymentCondition progressing, DeploymentStatus previous) {
        DeploymentStatus status = previous == null ? new DeploymentStatus() : previous;
        if (progressing != null) {
            status.setConditions(new java.util.ArrayList<>(List.of(progressing)));
        }
        return new DeploymentBuilder().withNewMetadata().withName("web").withGeneration(2L).endMetadata()
                .withNewSpec().withReplicas(4).withProgressDeadlineSeconds(60)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(1)).endRollingUpdate()
                .endStrategy().endSpec()
                .withStatus(status).build();
    }

    private static DeploymentCondition updatedAt(String reason, Instant at) {
        DeploymentCondition c = DeploymentStatuses.condition("Progressing", "True", reason, "m", at);
        return c;
    }

    @Test
    void countsComeFromTheReplicaSets() {
        ReplicaSet newRs = rs("new", 2, 2, 1, 1);
        DeploymentStatus s = DeploymentStatuses.calculate(deployment(null, null),
                List.of(rs("old", 3, 3, 3, 3), newRs), newRs, NOW);
        assertThat(List.of(s.getReplicas(), s.getUpdatedReplicas(), s.getReadyReplicas(), s.getAvailableReplicas(),
                s.getUnavailableReplicas())).containsExactly(5, 2, 4, 4, 1);
        assertThat(s.getObservedGeneration()).isEqualTo(2L);
        assertThat(DeploymentStatuses.get(s, "Available")).get().extracting(DeploymentCondition::getReason)
                .isEqualTo("MinimumReplicasAvailable");
    }

    static Stream<Arguments> progress() {
        DeploymentStatus before = new DeploymentStatus();
        before.setReplicas(4);
        before.setUpdatedReplicas(1);
        before.setReadyReplicas(3);
        before.setAvailableReplicas(3);
        Instant recent = NOW.minusSeconds(10);
        Instant stale = NOW.minusSeconds(61);
        return Stream.of(
                Arguments.of("all new and available: complete", updatedAt("ReplicaSetUpdated", recent), before,
                        List.of(rs("new", 4, 4, 4, 4)), "True", "NewReplicaSetAvailable"),
                Arguments.of("more updated than before: progressing", updatedAt("NewReplicaSetCreated", stale), before,
                        List.of(rs("old", 2, 2, 2, 2), rs("new", 2, 2, 1, 1)), "True", "ReplicaSetUpdated"),
                Arguments.of("no progress within the deadline: keep waiting", updatedAt("ReplicaSetUpdated", recent),
                        before, List.of(rs("old", 3, 3, 3, 3), rs("new", 1, 1, 0, 0)), "True", "ReplicaSetUpdated"),
                Arguments.of("no progress past the deadline: timed out", updatedAt("ReplicaSetUpdated", stale),
                        before, List.of(rs("old", 3, 3, 3, 3), rs("new", 1, 1, 0, 0)), "False",
                        "ProgressDeadlineExceeded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("progress")
    void progressing(String name, DeploymentCondition current, DeploymentStatus before, List<ReplicaSet> all,
            String status, String reason) {
        ReplicaSet newRs = all.getLast();
        DeploymentStatus s = DeploymentStatuses.rollout(deployment(current, before), all, newRs, NOW);
        assertThat(DeploymentStatuses.get(s, "Progressing")).get()
                .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason)
                .containsExactly(status, reason);
    }

    @Test
    void aStuckRolloutIsLookedAtAgainWhenItsDeadlinePasses() {
        Deployment d = deployment(updatedAt("ReplicaSetUpdated", NOW.minusSeconds(20)), null);
        DeploymentStatus s = DeploymentStatuses.rollout(d, List.of(rs("new", 4, 4, 0, 0)), null, NOW);
        assertThat(DeploymentStatuses.recheckAfter(d, s, NOW)).contains(Duration.ofSeconds(41));
    }

    @Test
    void pausingAndResumingShowInProgressing() {
        Deployment d = deployment(updatedAt("NewReplicaSetAvailable", NOW), null);
        d.getSpec().setPaused(true);
        DeploymentStatus paused = DeploymentStatuses.pausedConditions(d, NOW).orElseThrow();
        assertThat(DeploymentStatuses.get(paused, "Progressing")).get()
                .extracting(DeploymentCondition::getStatus, DeploymentCondition::getReason)
                .containsExactly("Unknown", "DeploymentPaused");
        d.setStatus(paused);
        assertThat(DeploymentStatuses.pausedConditions(d, NOW)).as("already shown").isEmpty();
        d.getSpec().setPaused(false);
        assertThat(DeploymentStatuses.get(DeploymentStatuses.pausedConditions(d, NOW).orElseThrow(), "Progressing"))
                .get().extracting(DeploymentCondition::getReason).isEqualTo("DeploymentResumed");
    }
}
