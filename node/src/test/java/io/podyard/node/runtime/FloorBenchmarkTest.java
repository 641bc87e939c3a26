package io.podyard.node.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.podyard.node.testing.NodeFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The floor helper runs and cleans up after itself; its numbers are logged, not asserted. */
class FloorBenchmarkTest {
    private static final Logger LOG = LoggerFactory.getLogger(FloorBenchmarkTest.class);

    @TempDir
    Path dir;

    @Test
    void measuresEachPhaseAndLeavesNothingBehind() {
        try (NodeFixture node = new NodeFixture(dir)) {
            // A fake clock advancing 1 ms per reading makes the phases' arithmetic checkable.
            AtomicLong nanos = new AtomicLong();
            FloorBenchmark fake = new FloorBenchmark(node.sandboxes, node.runtime, List.of(node.busybox),
                    () -> nanos.addAndGet(1_000_000));
            FloorBenchmark.Sample sample = fake.once();
            assertThat(sample).isEqualTo(new FloorBenchmark.Sample(Duration.ofMillis(1), Duration.ofMillis(1),
                    Duration.ofMillis(1), Duration.ofMillis(3), Duration.ofMillis(1)));

            List<FloorBenchmark.Sample> samples = new FloorBenchmark(node.sandboxes, node.runtime,
                    List.of(node.busybox), System::nanoTime).run(10);
            LOG.info("floor over {} runs: p50 sandbox {} ms, create {} ms, start {} ms, total {} ms (p99 {} ms), "
                            + "teardown {} ms", samples.size(),
                    ms(FloorBenchmark.quantile(samples, FloorBenchmark.Sample::sandbox, 0.5)),
                    ms(FloorBenchmark.quantile(samples, FloorBenchmark.Sample::create, 0.5)),
                    ms(FloorBenchmark.quantile(samples, FloorBenchmark.Sample::start, 0.5)),
                    ms(FloorBenchmark.quantile(samples, FloorBenchmark.Sample::total, 0.5)),
                    ms(FloorBenchmark.quantile(samples, FloorBenchmark.Sample::total, 0.99)),
                    ms(FloorBenchmark.quantile(samples, FloorBenchmark.Sample::teardown, 0.5)));
            assertThat(samples).hasSize(10);
            assertThat(node.runtime.list()).isEmpty();
            assertThat(node.sandboxes.podUids()).isEmpty();
        }
    }

    static Stream<Arguments> quantiles() {
        return Stream.of(Arguments.of(0.5, 5), Arguments.of(0.99, 10), Arguments.of(0.1, 1), Arguments.of(0.0, 1),
                Arguments.of(1.0, 10));
    }

    @ParameterizedTest
    @MethodSource("quantiles")
    void nearestRankQuantiles(double q, long expectedMillis) {
        List<FloorBenchmark.Sample> samples = Stream.of(7, 3, 10, 1, 5, 2, 9, 4, 8, 6).map(Duration::ofMillis)
                .map(d -> new FloorBenchmark.Sample(d, d, d, d, d)).toList();
        assertThat(FloorBenchmark.quantile(samples, FloorBenchmark.Sample::total, q))
                .isEqualTo(Duration.ofMillis(expectedMillis));
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
