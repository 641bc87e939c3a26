package io.podyard.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The work queue's guarantees, stepped through with a fake clock. */
class WorkQueueTest {
    private static final RateLimiter.Settings BACKOFF =
            new RateLimiter.Settings(Duration.ofMillis(10), Duration.ofSeconds(1), 1000, 1000);

    /** One scripted step: act on the queue, the clock or record what poll hands out. */
    private record Step(String text, BiConsumer<Fixture, List<String>> action) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static final class Fixture {
        final FakeClock clock = new FakeClock();
        final WorkQueue<String> queue = new WorkQueue<>(clock, new RateLimiter<>(BACKOFF, clock));
    }

    private static Step add(String key) {
        return new Step("add " + key, (f, out) -> f.queue.add(key));
    }

    private static Step addAfter(String key, long millis) {
        return new Step("addAfter " + key + " " + millis, (f, out) -> f.queue.addAfter(key, Duration.ofMillis(millis)));
    }

    private static Step fail(String key) {
        return new Step("fail " + key, (f, out) -> {
            f.queue.addRateLimited(key);
            f.queue.done(key);
        });
    }

    private static Step done(String key) {
        return new Step("done " + key, (f, out) -> f.queue.done(key));
    }

    private static Step forget(String key) {
        return new Step("forget " + key, (f, out) -> f.queue.forget(key));
    }

    private static Step tick(long millis) {
        return new Step("tick " + millis, (f, out) -> f.clock.advance(Duration.ofMillis(millis)));
    }

    /** Polls once; records the key or "-" when nothing is ready. */
    private static final Step POLL = new Step("poll", (f, out) -> out.add(f.queue.poll().orElse("-")));

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("keys come out in order", List.of(add("a"), add("b"), POLL, POLL, POLL),
                        List.of("a", "b", "-")),
                Arguments.of("a key added twice while queued comes out once",
                        List.of(add("a"), add("b"), add("a"), POLL, POLL, POLL), List.of("a", "b", "-")),
                Arguments.of("a key added while processing is not handed out again before done",
                        List.of(add("a"), POLL, add("a"), POLL, done("a"), POLL), List.of("a", "-", "a")),
                Arguments.of("a key processed and not re-added is not queued by done",
                        List.of(add("a"), POLL, done("a"), POLL), List.of("a", "-")),
                Arguments.of("a delayed key waits for the clock",
                        List.of(addAfter("a", 100), POLL, tick(99), POLL, tick(1), POLL), List.of("-", "-", "a")),
                Arguments.of("the earlier of two delays wins",
                        List.of(addAfter("a", 500), addAfter("a", 100), tick(100), POLL, tick(400), POLL),
                        List.of("a", "-")),
                Arguments.of("a later delay does not postpone an earlier one",
                        List.of(addAfter("a", 100), addAfter("a", 500), tick(100), POLL), List.of("a")),
                Arguments.of("a delayed key already queued comes out once",
                        List.of(add("a"), addAfter("a", 10), tick(10), POLL, POLL), List.of("a", "-")),
                Arguments.of("failures back off exponentially: 10, 20, 40 ms",
                        List.of(add("a"), POLL, fail("a"), tick(9), POLL, tick(1), POLL, fail("a"), tick(19), POLL,
                                tick(1), POLL, fail("a"), tick(39), POLL, tick(1), POLL),
                        List.of("a", "-", "a", "-", "a", "-", "a")),
                Arguments.of("forget resets the back-off",
                        List.of(add("a"), POLL, fail("a"), tick(10), POLL, fail("a"), tick(20), POLL, forget("a"),
                                fail("a"), tick(10), POLL),
                        List.of("a", "a", "a", "a")),
                Arguments.of("back-off is per key",
                        List.of(add("a"), POLL, fail("a"), tick(10), POLL, fail("a"), add("b"), POLL, fail("b"),
                                tick(10), POLL, tick(10), POLL),
                        List.of("a", "a", "b", "b", "a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void queueBehaves(String name, List<Step> steps, List<String> expected) {
        Fixture f = new Fixture();
        List<String> out = new ArrayList<>();
        steps.forEach(s -> s.action().accept(f, out));
        assertThat(out).as(steps.toString()).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> backoffs() {
        return Stream.of(
                Arguments.of(1, Duration.ofMillis(10)),
                Arguments.of(2, Duration.ofMillis(20)),
                Arguments.of(5, Duration.ofMillis(160)),
                Arguments.of(7, Duration.ofMillis(640)),
                Arguments.of(8, Duration.ofSeconds(1)),
                Arguments.of(100, Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "failure {0} waits {1}")
    @MethodSource("backoffs")
    void backOffDoublesUpToTheCap(int failure, Duration expected) {
        FakeClock clock = new FakeClock();
        RateLimiter<String> limiter = new RateLimiter<>(BACKOFF, clock);
        Duration last = null;
        for (int i = 0; i < failure; i++) {
            last = limiter.when("k");
        }
        assertThat(last).isEqualTo(expected);
        assertThat(limiter.retries("k")).isEqualTo(failure);
    }

    @ParameterizedTest(name = "burst {0}")
    @MethodSource("bursts")
    void theOverallBucketDelaysFailuresBeyondTheBurst(int burst, List<Duration> expected) {
        FakeClock clock = new FakeClock();
        RateLimiter<String> limiter = new RateLimiter<>(
                new RateLimiter.Settings(Duration.ofNanos(1), Duration.ofNanos(1), 10, burst), clock);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            delays.add(limiter.when("key" + i));
        }
        assertThat(delays).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> bursts() {
        return Stream.of(
                Arguments.of(1, List.of(Duration.ofNanos(1), Duration.ofMillis(100), Duration.ofMillis(200))),
                Arguments.of(2, List.of(Duration.ofNanos(1), Duration.ofNanos(1), Duration.ofMillis(100))));
    }

    @org.junit.jupiter.api.Test
    void takeBlocksUntilAKeyArrivesAndReturnsNullAfterShutDown() throws Exception {
        WorkQueue<String> queue = new WorkQueue<>(java.time.InstantSource.system(),
                new RateLimiter<>(BACKOFF, java.time.InstantSource.system()));
        List<String> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread taker = Thread.ofVirtual().start(() -> {
            try {
                String k;
                while ((k = queue.take()) != null) {
                    taken.add(k);
                    queue.done(k);
                }
                taken.add("<shut down>");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        queue.add("x");
        queue.addAfter("y", Duration.ofMillis(20));
        org.awaitility.Awaitility.await().until(() -> taken.size() == 2);
        queue.shutDown();
        taker.join();
        assertThat(taken).containsExactly("x", "y", "<shut down>");
        assertThat(queue.poll()).isEqualTo(Optional.empty());
    }
}
