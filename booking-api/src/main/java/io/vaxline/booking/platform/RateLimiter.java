package io.vaxline.booking.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.problems.TooManyRequests;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Fixed-window counters in PostgreSQL, so every booking-api instance counts against the same limit.
 * One upsert per hit: it starts a new window or adds to the current one, and says how many hits the
 * window has seen.
 */
@ApplicationScoped
public class RateLimiter {

    /** The longest window any limit may use; {@link Housekeeping} forgets windows older than this. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(1);

    @Inject
    Pool db;

    private static final String HIT = """
            INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, $2, 1)
            ON CONFLICT (bucket) DO UPDATE SET
                hits = CASE WHEN rate_limit.window_start = EXCLUDED.window_start THEN rate_limit.hits + 1 ELSE 1 END,
                window_start = EXCLUDED.window_start
            RETURNING hits""";

    /**
     * Counts a hit on {@code bucket}; fails with {@link TooManyRequests} past {@code limit} per window. Call it outside a
     * session: it takes a pooled connection of its own (as IdempotencyKeys.claim does, and for the same reason).
     */
    public Uni<Void> hit(String bucket, int limit, Duration window, String what) {
        if (window.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("rate-limit window " + window + " is longer than " + LONGEST_WINDOW
                    + ", after which windows are forgotten");
        }
        long windowMillis = window.toMillis();
        long now = System.currentTimeMillis();
        Instant windowStart = Instant.ofEpochMilli(now - now % windowMillis);
        // One statement, atomic by itself, through the reactive client: a Hibernate native select would add an entry
        // to its query plan cache on every call (see IdempotencyKeys).
        return db.preparedQuery(HIT)
                .execute(Tuple.of(bucket, OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC)))
                .map(rows -> rows.iterator().next().getInteger(0))
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
