package io.podyard.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a controller may trust its cache again for a key. */
class ExpectationsTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private record Fixture(FakeClock clock, Expectations<String> expectations) {}

    private record Step(String text, Consumer<Fixture> action) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static Step creates(int n) {
        return new Step("expect " + n + " creates", f -> f.expectations().expectCreations("rs", n));
    }

    private static Step deletes(String... pods) {
        return new Step("expect deletes " + List.of(pods), f -> f.expectations().expectDeletions("rs", List.of(pods)));
    }

    private static Step created() {
        return new Step("created", f -> f.expectations().creationObserved("rs"));
    }

    private static Step deleted(String pod) {
        return new Step("deleted " + pod, f -> f.expectations().deletionObserved("rs", pod));
    }

    private static Step tick(Duration d) {
        return new Step("tick " + d, f -> f.clock().advance(d));
    }

    private static final Step FORGET = new Step("forget", f -> f.expectations().forget("rs"));

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("nothing expected", List.of(), true),
                Arguments.of("creates pending", List.of(creates(3), created(), created()), false),
                Arguments.of("all creates seen", List.of(creates(3), created(), created(), created()), true),
                Arguments.of("more creates seen than expected", List.of(creates(1), created(), created()), true),
                Arguments.of("deletes pending", List.of(deletes("ns/a", "ns/b"), deleted("ns/a")), false),
                Arguments.of("all deletes seen", List.of(deletes("ns/a", "ns/b"), deleted("ns/b"), deleted("ns/a")),
                        true),
                Arguments.of("a delete of another pod does not count",
                        List.of(deletes("ns/a"), deleted("ns/other")), false),
                Arguments.of("a delete seen twice counts once",
                        List.of(deletes("ns/a", "ns/b"), deleted("ns/a"), deleted("ns/a")), false),
                Arguments.of("events before any expectation are ignored",
                        List.of(created(), creates(1)), false),
                Arguments.of("new expectations replace old ones",
                        List.of(creates(5), deletes("ns/a"), deleted("ns/a")), true),
                Arguments.of("just before the timeout", List.of(creates(1), tick(TIMEOUT.minusMillis(1))), false),
                Arguments.of("timed out", List.of(creates(1), tick(TIMEOUT)), true),
                Arguments.of("forgotten", List.of(creates(2), FORGET), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void satisfied(String name, List<Step> steps, boolean expected) {
        FakeClock clock = new FakeClock();
        Fixture f = new Fixture(clock, new Expectations<>(clock, TIMEOUT));
        steps.forEach(s -> s.action().accept(f));
        assertThat(f.expectations().satisfied("rs")).as(steps.toString()).isEqualTo(expected);
    }
}
