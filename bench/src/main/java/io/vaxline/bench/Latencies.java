package io.vaxline.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latencies recorded from many threads; percentiles by sorting (a benchmark keeps at most a few million). */
final class Latencies {

    private long[] nanos = new long[1024];
    private int size;

    synchronized void record(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    synchronized int count() {
        return size;
    }

    /** p50, p95, p99 and max in milliseconds. */
    synchronized Map<String, Double> percentiles() {
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("p50Ms", at(sorted, 0.50));
        p.put("p95Ms", at(sorted, 0.95));
        p.put("p99Ms", at(sorted, 0.99));
        p.put("maxMs", sorted.length == 0 ? 0 : Math.round(sorted[sorted.length - 1] / 1e5) / 10.0);
        return p;
    }

    private static double at(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return Math.round(sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e5) / 10.0;
    }
}
