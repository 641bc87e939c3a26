package io.podyard.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Replicas changed mid-rollout: the change is shared out in proportion (Kubernetes' scale()). */
class ProportionalScaleTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static RsView rs(String name, int replicas, int age, Integer maxAnnotation) {
        return new RsView(name, replicas, replicas, T.minusSeconds(age), maxAnnotation);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("10→15 with surge 3: 8 old and 5 new grow to 11 and 7", 15, 3,
                        List.of(rs("new", 5, 0, 13), rs("old", 8, 10, 13)), 13, Map.of("old", 11, "new", 7)),
                Arguments.of("scale down 10→5 with surge 0 halves both", 5, 0,
                        List.of(rs("new", 4, 0, 10), rs("old", 6, 10, 10)), 10, Map.of("old", 3, "new", 2)),
                Arguments.of("leftover goes to the largest", 4, 0,
                        List.of(rs("a", 1, 0, 3), rs("b", 1, 5, 3), rs("c", 1, 10, 3)), 3,
                        Map.of("a", 2, "b", 1, "c", 1)),
                Arguments.of("to zero: every set goes to zero", 0, 0,
                        List.of(rs("new", 2, 0, 5), rs("old", 3, 10, 5)), 5, Map.of("new", 0, "old", 0)),
                Arguments.of("missing annotation: status replicas are the base", 20, 0,
                        List.of(rs("new", 5, 0, null), rs("old", 5, 10, null)), 10, Map.of("new", 10, "old", 10)),
                Arguments.of("nothing to add: sizes stay", 10, 2,
                        List.of(rs("new", 6, 0, 12), rs("old", 6, 10, 12)), 12, Map.of("new", 6, "old", 6)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sharesTheChange(String name, int desired, int surge, List<RsView> active, int statusReplicas,
            Map<String, Integer> expected) {
        assertThat(ProportionalScale.sizes(desired, surge, active, statusReplicas)).isEqualTo(expected);
    }
}
