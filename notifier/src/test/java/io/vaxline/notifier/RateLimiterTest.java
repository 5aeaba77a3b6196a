package io.vaxline.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.smallrye.mutiny.Multi;
import io.vaxline.notifier.delivery.RateLimiter;

import org.junit.jupiter.api.Test;

/** The token bucket lets the configured number through per second and holds the rest back. */
class RateLimiterTest {

    @Test
    void holdsMessagesBeyondTheRateBack() {
        RateLimiter limiter = RateLimiter.perSecond(5);
        try {
            long start = System.nanoTime();
            Multi.createFrom().range(0, 5).onItem().transformToUniAndConcatenate(i -> limiter.acquire())
                    .collect().asList().await().atMost(Duration.ofSeconds(5));
            Multi.createFrom().range(0, 10).onItem().transformToUniAndConcatenate(i -> limiter.acquire())
                    .collect().asList().await().atMost(Duration.ofSeconds(10));
            long fifteen = System.nanoTime() - start;

            // The first five are in the bucket; ten more at five per second cannot all pass in under 1.8 s.
            assertThat(Duration.ofNanos(fifteen)).isGreaterThan(Duration.ofMillis(1800));
        } finally {
            limiter.stop();
        }
    }
}
