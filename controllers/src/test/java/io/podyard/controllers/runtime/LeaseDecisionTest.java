package io.podyard.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Acquire, renew or wait, from the lease as read and when this candidate saw it change. */
class LeaseDecisionTest {
    private static final Instant SEEN = Instant.parse("2025-01-01T00:00:00Z");

    private static LeaseSpec lease(String holder, int seconds) {
        LeaseSpec spec = new LeaseSpec();
        spec.setHolderIdentity(holder);
        spec.setLeaseDurationSeconds(seconds);
        return spec;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("unheld lease is acquired", lease(null, 15), 0, new LeaseDecision.Acquire()),
                Arguments.of("released lease (empty holder) is acquired", lease("", 1), 0,
                        new LeaseDecision.Acquire()),
                Arguments.of("own lease is renewed", lease("me", 15), 100, new LeaseDecision.Renew()),
                Arguments.of("another's live lease is waited for", lease("other", 15), 14,
                        new LeaseDecision.Wait("other", SEEN.plusSeconds(15))),
                Arguments.of("another's lease expires after its duration since we saw it change",
                        lease("other", 15), 15, new LeaseDecision.Acquire()),
                Arguments.of("a lease without a duration is expired at once", lease("other", 0), 0,
                        new LeaseDecision.Acquire()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, LeaseSpec spec, int secondsSinceSeen, LeaseDecision expected) {
        assertThat(LeaseDecision.decide(spec, "me", SEEN.plusSeconds(secondsSinceSeen), SEEN)).isEqualTo(expected);
    }
}
