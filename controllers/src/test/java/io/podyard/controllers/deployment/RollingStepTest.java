package io.podyard.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RollingUpdate step: single steps as Kubernetes takes them, and whole rollouts replayed for
 * every maxSurge/maxUnavailable combination, checking the two promises at every step.
 */
class RollingStepTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static RsView rs(String name, int replicas, int available, int age) {
        return new RsView(name, replicas, available, T.minusSeconds(age), null);
    }

    static Stream<Arguments> steps() {
        return Stream.of(
                Arguments.of("start: surge 1 lets the new RS grow by one", 3, new Fenceposts(1, 0),
                        rs("new", 0, 0, 0), List.of(rs("old", 3, 3, 10)), Map.of("new", 1)),
                Arguments.of("surge used up, new not available: wait", 3, new Fenceposts(1, 0),
                        rs("new", 1, 0, 0), List.of(rs("old", 3, 3, 10)), Map.of()),
                Arguments.of("new available: an old one may go", 3, new Fenceposts(1, 0),
                        rs("new", 1, 1, 0), List.of(rs("old", 3, 3, 10)), Map.of("old", 2)),
                Arguments.of("unavailable budget 1 without surge: old goes first", 3, new Fenceposts(0, 1),
                        rs("new", 0, 0, 0), List.of(rs("old", 3, 3, 10)), Map.of("old", 2)),
                Arguments.of("then the freed slot goes to new", 3, new Fenceposts(0, 1),
                        rs("new", 0, 0, 0), List.of(rs("old", 2, 2, 10)), Map.of("new", 1)),
                Arguments.of("surge and unavailable together", 10, new Fenceposts(3, 2),
                        rs("new", 3, 0, 0), List.of(rs("old", 10, 10, 10)), Map.of("old", 8)),
                Arguments.of("unhealthy old replicas go first (they cost no availability)", 4, new Fenceposts(1, 1),
                        rs("new", 1, 1, 0), List.of(rs("older", 2, 0, 20), rs("old", 2, 2, 10)),
                        Map.of("older", 0)),
                Arguments.of("then available old ones down to the minimum, oldest RS first", 4, new Fenceposts(1, 1),
                        rs("new", 2, 2, 0), List.of(rs("older", 1, 1, 20), rs("old", 2, 2, 10)),
                        Map.of("older", 0, "old", 1)),
                Arguments.of("new RS above replicas is scaled down", 3, new Fenceposts(1, 0),
                        rs("new", 5, 5, 0), List.of(), Map.of("new", 3)),
                Arguments.of("all done: nothing", 3, new Fenceposts(1, 1),
                        rs("new", 3, 3, 0), List.of(rs("old", 0, 0, 10)), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void step(String name, int desired, Fenceposts f, RsView newRs, List<RsView> old, Map<String, Integer> expected) {
        assertThat(RollingStep.next(desired, f, newRs, old)).isEqualTo(expected);
    }

    static Stream<Arguments> combinations() {
        List<Object> values = List.of(0, 1, 2, "0%", "25%", "50%", "100%");
        List<Arguments> all = new ArrayList<>();
        for (Object surge : values) {
            for (Object unavailable : values) {
                if (isZero(surge) && isZero(unavailable)) {
                    continue; // validation refuses both zero
                }
                for (int replicas : new int[] {1, 3, 4, 10}) {
                    all.add(Arguments.of(surge, unavailable, replicas));
                }
            }
        }
        return all.stream();
    }

    private static boolean isZero(Object v) {
        return v.equals(0) || v.equals("0%");
    }

    /**
     * Replays a rollout from a fully available old ReplicaSet: after each step the scaled pods are
     * checked (never more than replicas+maxSurge, never fewer available than replicas−maxUnavailable),
     * then the new pods become available; it must end with the new RS at replicas and the old at 0.
     */
    @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}, replicas {2}")
    @MethodSource("combinations")
    void aWholeRolloutKeepsItsPromises(Object surge, Object unavailable, int replicas) {
        Fenceposts f = Fenceposts.resolve(new IntOrString(surge), new IntOrString(unavailable), replicas);
        int maxTotal = replicas + f.surge();
        int minAvailable = replicas - Math.min(f.unavailable(), replicas);
        RsView newRs = rs("new", 0, 0, 0);
        List<RsView> old = new ArrayList<>(List.of(rs("older", replicas / 2, replicas / 2, 20),
                rs("old", replicas - replicas / 2, replicas - replicas / 2, 10)));
        int steps = 0;
        while (!(newRs.replicas() == replicas && newRs.available() == replicas
                && old.stream().allMatch(r -> r.replicas() == 0))) {
            assertThat(steps++).as("rollout finishes").isLessThan(100);
            Map<String, Integer> sizes = RollingStep.next(replicas, f, newRs, old);
            newRs = apply(newRs, sizes);
            old.replaceAll(r -> apply(r, sizes));
            int total = newRs.replicas() + old.stream().mapToInt(RsView::replicas).sum();
            int available = newRs.available() + old.stream().mapToInt(RsView::available).sum();
            assertThat(total).as("pods after step %d", steps).isLessThanOrEqualTo(maxTotal);
            assertThat(available).as("available after step %d", steps).isGreaterThanOrEqualTo(minAvailable);
            newRs = new RsView("new", newRs.replicas(), newRs.replicas(), newRs.created(), null); // pods get ready
        }
    }

    /** If new pods never become available, the rollout stalls without dropping below the minimum. */
    @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}, replicas {2}")
    @MethodSource("combinations")
    void aStuckRolloutNeverTakesAvailabilityBelowTheMinimum(Object surge, Object unavailable, int replicas) {
        Fenceposts f = Fenceposts.resolve(new IntOrString(surge), new IntOrString(unavailable), replicas);
        int minAvailable = replicas - Math.min(f.unavailable(), replicas);
        RsView newRs = rs("new", 0, 0, 0);
        List<RsView> old = new ArrayList<>(List.of(rs("old", replicas, replicas, 10)));
        for (int step = 0; step < 20; step++) {
            Map<String, Integer> sizes = RollingStep.next(replicas, f, newRs, old);
            newRs = apply(newRs, sizes);
            old.replaceAll(r -> apply(r, sizes));
            assertThat(old.stream().mapToInt(RsView::available).sum()).isGreaterThanOrEqualTo(minAvailable);
            assertThat(newRs.replicas() + old.getFirst().replicas()).isLessThanOrEqualTo(replicas + f.surge());
        }
    }

    /** Scaling down removes unavailable pods first, as the ReplicaSet controller does. */
    private static RsView apply(RsView rs, Map<String, Integer> sizes) {
        Integer size = sizes.get(rs.name());
        if (size == null) {
            return rs;
        }
        return new RsView(rs.name(), size, Math.min(rs.available(), size), rs.created(), null);
    }
}
