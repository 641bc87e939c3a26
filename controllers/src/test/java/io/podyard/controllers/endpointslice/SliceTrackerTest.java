package io.podyard.controllers.endpointslice;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.podyard.controllers.runtime.FakeClock;
import io.podyard.controllers.runtime.ObjectKey;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SliceTrackerTest {
    private static final ObjectKey WEB = new ObjectKey("default", "web");

    private static EndpointSlice slice(String name, int version) {
        return new EndpointSliceBuilder().withNewMetadata().withName(name).withResourceVersion(String.valueOf(version))
                .endMetadata().build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("nothing written: caught up", List.of(), List.of(), List.of(), Duration.ZERO, true),
                Arguments.of("a created slice the cache lacks", List.of(slice("a", 5)), List.of(), List.of(),
                        Duration.ZERO, false),
                Arguments.of("the cache shows an older version", List.of(slice("a", 5)), List.of(), List.of(slice("a", 4)),
                        Duration.ZERO, false),
                Arguments.of("the cache shows it or newer", List.of(slice("a", 5)), List.of(), List.of(slice("a", 7)),
                        Duration.ZERO, true),
                Arguments.of("a deleted slice still cached", List.of(), List.of(slice("b", 3)), List.of(slice("b", 3)),
                        Duration.ZERO, false),
                Arguments.of("a deleted slice gone from the cache", List.of(), List.of(slice("b", 3)), List.of(),
                        Duration.ZERO, true),
                Arguments.of("given up on after a while", List.of(slice("a", 5)), List.of(), List.of(),
                        SliceTracker.PATIENCE.plusMillis(1), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void waitsForTheCacheToShowItsWrites(String name, List<EndpointSlice> wrote, List<EndpointSlice> deleted,
            List<EndpointSlice> cached, Duration later, boolean caughtUp) {
        FakeClock clock = new FakeClock();
        SliceTracker tracker = new SliceTracker(clock);
        wrote.forEach(s -> tracker.wrote(WEB, s));
        deleted.forEach(s -> tracker.deleted(WEB, s));
        clock.advance(later);
        assertThat(tracker.caughtUp(WEB, cached)).isEqualTo(caughtUp);
        if (caughtUp) {
            assertThat(tracker.caughtUp(WEB, List.of())).as("forgotten once caught up").isTrue();
        }
    }
}
