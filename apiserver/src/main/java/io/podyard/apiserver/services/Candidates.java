package io.podyard.apiserver.services;

import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

/**
 * The order in which a dynamic allocation tries a range's indexes, as Kubernetes' allocators since
 * 1.24/1.27: the range is split into a small lower "static" band, which users pick addresses and
 * ports from by hand, and the upper rest; dynamic allocations try the upper band first (from a
 * random start, wrapping) and the static band only when the upper one is full. So a hand-picked
 * address rarely finds itself taken.
 */
final class Candidates {
    private Candidates() {}

    /** Kubernetes' static band for cluster IPs: size/16, at least 16 and at most 256. */
    static int ipStaticBand(int size) {
        return band(size, 16, 256);
    }

    /** Kubernetes' static band for node ports: size/32, at least 16 and at most 128. */
    static int portStaticBand(int size) {
        return band(size, 32, 128);
    }

    private static int band(int size, int step, int max) {
        if (size < 16) {
            return 0;
        }
        return Math.min(max, Math.max(16, size / step));
    }

    /** Every index of {@code [0, size)} exactly once: the upper band first, then the static one. */
    static IntStream order(int size, int staticBand, RandomGenerator random) {
        return IntStream.concat(rotated(staticBand, size, random), rotated(0, staticBand, random));
    }

    private static IntStream rotated(int from, int to, RandomGenerator random) {
        int n = to - from;
        if (n <= 0) {
            return IntStream.empty();
        }
        int start = random.nextInt(n);
        return IntStream.range(0, n).map(i -> from + (start + i) % n);
    }
}
