package io.podyard.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** maxSurge rounds up, maxUnavailable rounds down, and both at zero leaves one unavailable. */
class FencepostsTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("25%", "25%", 10, 3, 2),
                Arguments.of("25%", "25%", 4, 1, 1),
                Arguments.of("25%", "25%", 3, 1, 0),
                Arguments.of("25%", "25%", 1, 1, 0),
                Arguments.of("50%", "50%", 5, 3, 2),
                Arguments.of("100%", "0%", 3, 3, 0),
                Arguments.of("0%", "100%", 3, 0, 3),
                Arguments.of(2, 1, 10, 2, 1),
                Arguments.of(0, 1, 3, 0, 1),
                Arguments.of("0%", "10%", 3, 0, 1), // both round to 0: one may be unavailable
                Arguments.of("1%", "1%", 10, 1, 0),
                Arguments.of("25%", "25%", 0, 0, 1));
    }

    @ParameterizedTest(name = "surge {0}, unavailable {1} of {2} → {3}, {4}")
    @MethodSource("cases")
    void resolves(Object surge, Object unavailable, int replicas, int expectedSurge, int expectedUnavailable) {
        assertThat(Fenceposts.resolve(new IntOrString(surge), new IntOrString(unavailable), replicas))
                .isEqualTo(new Fenceposts(expectedSurge, expectedUnavailable));
    }

    @Test
    void aStringThatIsNotAPercentageIsRefused() {
        assertThatThrownBy(() -> Fenceposts.resolve(new IntOrString("lots"), new IntOrString(1), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a percentage");
    }
}
