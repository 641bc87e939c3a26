package io.podyard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Runs N closed-loop writers against one target for a fixed time and measures what was acknowledged. */
final class LoadRunner {

    /** One acknowledged write: {@code write(writer, sequence)} returns once it is durable. */
    @FunctionalInterface
    interface Target {
        void write(int writer, long sequence) throws Exception;
    }

    record Result(String target, int writers, long writes, double seconds, double p50Millis, double p99Millis) {
        double perSecond() {
            return writes / seconds;
        }
    }

    private LoadRunner() {}

    static Result run(String name, Target target, int writers, Duration warmup, Duration measure)
            throws InterruptedException {
        long[][] latencies = new long[writers][];
        int[] counts = new int[writers];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(writers);
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        for (int w = 0; w < writers; w++) {
            int id = w;
            latencies[w] = new long[1 << 16];
            Thread.ofPlatform().name("bench-writer-" + w).start(() -> {
                try {
                    long seq = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end || failure.get() != null) {
                            break;
                        }
                        target.write(id, seq++);
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom && t1 <= end) {
                            if (counts[id] == latencies[id].length) {
                                latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
                            }
                            latencies[id][counts[id]++] = t1 - t0;
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException(name + " failed", failure.get());
        }
        List<Long> all = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < counts[w]; i++) {
                all.add(latencies[w][i]);
            }
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(name, writers, sorted.length, measure.toNanos() / 1e9,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
