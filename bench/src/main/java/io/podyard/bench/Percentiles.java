package io.podyard.bench;

import java.time.Duration;
import java.util.List;

/** Nearest-rank percentiles and means of latency samples, in milliseconds. */
final class Percentiles {
    private Percentiles() {
    }

    static double of(List<Duration> samples, double q) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Duration> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(q * sorted.size());
        return millis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))));
    }

    static double mean(List<Duration> samples) {
        return samples.stream().mapToDouble(Percentiles::millis).average().orElseThrow();
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
