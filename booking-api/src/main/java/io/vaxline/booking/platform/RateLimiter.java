package io.vaxline.booking.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vaxline.problems.TooManyRequests;

/**
 * Fixed-window counters in PostgreSQL, so every booking-api instance counts against the same limit.
 * One upsert per hit: it starts a new window or adds to the current one, and says how many hits the
 * window has seen.
 */
@ApplicationScoped
public class RateLimiter {

    /** The longest window any limit may use; {@link Housekeeping} forgets windows older than this. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(1);

    private static final String HIT = """
            INSERT INTO rate_limit (bucket, window_start, hits) VALUES (:bucket, :windowStart, 1)
            ON CONFLICT (bucket) DO UPDATE SET
                hits = CASE WHEN rate_limit.window_start = EXCLUDED.window_start THEN rate_limit.hits + 1 ELSE 1 END,
                window_start = EXCLUDED.window_start
            RETURNING hits""";

    /** Counts a hit on {@code bucket}; fails with {@link TooManyRequests} past {@code limit} per window. */
    public Uni<Void> hit(String bucket, int limit, Duration window, String what) {
        if (window.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("rate-limit window " + window + " is longer than " + LONGEST_WINDOW
                    + ", after which windows are forgotten");
        }
        long windowMillis = window.toMillis();
        long now = System.currentTimeMillis();
        Instant windowStart = Instant.ofEpochMilli(now - now % windowMillis);
        // Through the Hibernate Reactive session, so the request stays on its Vert.x context throughout.
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery(HIT, Integer.class)
                        .setParameter("bucket", bucket)
                        .setParameter("windowStart", OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC))
                        .getSingleResult()))
                .invoke(hits -> {
                    if (hits > limit) {
                        Duration retryAfter = Duration.ofMillis(windowStart.toEpochMilli() + windowMillis - now);
                        throw new TooManyRequests("Too many " + what + "; try again in "
                                + Math.max(1, retryAfter.toSeconds()) + " seconds", retryAfter);
                    }
                })
                .replaceWithVoid();
    }
}
