package io.vaxline.scheduler.topology;

import java.time.Duration;
import java.util.function.Supplier;

import io.vaxline.schemas.Outages;

/**
 * Waits an outage out inside the stream thread: a call that fails because a server cannot be
 * reached is tried again with a doubling back-off, for at most {@code limit}; then the failure is
 * thrown, the task fails, and a replaced stream thread reads the record again from its committed
 * offset. Any other failure is thrown at once: that is the record's own fault.
 *
 * <p>The limit stays below the producer's transaction timeout (10 s under exactly_once_v2, far
 * below max.poll.interval.ms): blocking longer with a transaction open would have the broker abort it.
 */
record Patience(Duration limit, Duration firstBackoff, Duration maxBackoff) {

    static final Patience DEFAULT = new Patience(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));

    <T> T call(Supplier<T> call) {
        long deadline = System.nanoTime() + limit.toNanos();
        Duration backoff = firstBackoff;
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!Outages.isOutage(e) || System.nanoTime() + backoff.toNanos() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }
}
