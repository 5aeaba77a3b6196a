package io.vaxline.bench.perf;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop HTTP load: request i is due at {@code start + i / rate}, whether or not earlier ones
 * were answered, and its latency is timed from when it was due, not from when it was sent, so a
 * server that stalls is charged for every request that should have gone out meanwhile (no
 * coordinated omission).
 */
final class OpenLoop {

    /** The most slow requests a step lists, each as its due time and latency ({@link Step#slow}). */
    static final int SLOW_LISTED = 100;

    /** A request this late or later is slow: the bookings sweep's p99 limit. */
    static final long SLOW_MILLIS = 250;

    /**
     * What one step measured. {@code slow} lists the first {@link #SLOW_LISTED} requests answered {@link #SLOW_MILLIS} or
     * later, each as [ms after {@code startedAt} it was due, its latency in ms], to be matched with pauses found elsewhere
     * (a JFR recording's collections, say).
     */
    record Step(int rate, double seconds, int sent, Map<Integer, Integer> statuses, int unanswered, Histogram latency,
            java.time.Instant startedAt, java.util.List<long[]> slow) {

        int status(int code) {
            return statuses.getOrDefault(code, 0);
        }

        double millis(double percentile) {
            return Math.round(latency.getValueAtPercentile(percentile) / 1e5) / 10.0;
        }

        Map<String, Object> summary() {
            Map<String, Object> s = new java.util.LinkedHashMap<>();
            s.put("rate", rate);
            s.put("sent", sent);
            s.put("seconds", Math.round(seconds * 10) / 10.0);
            s.put("statuses", new TreeMap<>(statuses));
            s.put("unanswered", unanswered);
            s.put("p50Ms", millis(50));
            s.put("p90Ms", millis(90));
            s.put("p99Ms", millis(99));
            s.put("maxMs", Math.round(latency.getMaxValue() / 1e5) / 10.0);
            s.put("startedAt", startedAt.toString());
            s.put("slow", slow);
            return s;
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4))
            .build();

    /**
     * Sends {@code rate} requests per second for {@code duration}, request i built by {@code request},
     * then waits up to {@code patience} for the last answers; {@code onAnswer} learns each request's status (-1: failed).
     */
    Step run(int rate, Duration duration, Duration patience, LongFunction<HttpRequest> request,
            java.util.function.ObjIntConsumer<HttpRequest> onAnswer) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        LongAdder answered = new LongAdder();
        long count = rate * duration.toSeconds();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 10_000_000L;
        java.time.Instant startedAt = java.time.Instant.now().plusMillis(10);
        java.util.Queue<long[]> slow = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger slowCount = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<?>[] inFlight = new CompletableFuture<?>[(int) count];
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest sent = request.apply(i);
            inFlight[(int) i] = client.sendAsync(sent, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> {
                        long latency = Math.max(0, System.nanoTime() - due);
                        recorder.recordValue(latency);
                        if (latency >= SLOW_MILLIS * 1_000_000L && slowCount.getAndIncrement() < SLOW_LISTED) {
                            slow.add(new long[] { (due - start) / 1_000_000L, latency / 1_000_000L });
                        }
                        int status = failure == null ? response.statusCode() : -1;
                        statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        onAnswer.accept(sent, status);
                        answered.increment();
                    });
        }
        try {
            CompletableFuture.allOf(inFlight).get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // counted below: failures as status -1, the rest as unanswered
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((code, n) -> counts.put(code, n.get()));
        java.util.List<long[]> slowest = new java.util.ArrayList<>(slow);
        slowest.sort(java.util.Comparator.comparingLong(r -> r[0]));
        return new Step(rate, seconds, (int) count, counts, (int) (count - answered.sum()), recorder.getIntervalHistogram(),
                startedAt, slowest);
    }
}
