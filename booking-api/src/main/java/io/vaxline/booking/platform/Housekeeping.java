package io.vaxline.booking.platform;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.AvailabilityBoard;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forgets what booking-api no longer needs, so its state follows the current traffic rather than
 * everything ever seen: one-time codes a day after they expired (until then a late guess is told the
 * code expired), rate-limit windows once the longest window has passed, and the availability of
 * clinic days that are over everywhere (before yesterday in UTC, as no time zone is more than a day
 * behind UTC). Every instance sweeps; the deletes are idempotent and go in small batches so a sweep
 * never holds a long lock.
 */
@ApplicationScoped
public class Housekeeping {

    static final int BATCH = 5_000;

    /** How much was forgotten in one sweep. */
    public record Swept(long codes, long rateLimitWindows, int availabilityDays) {
    }

    @Inject
    Pool db;

    @Inject
    AvailabilityBoard board;

    @ConfigProperty(name = "vaxline.housekeeping.otp-retention", defaultValue = "P1D")
    Duration otpRetention;

    @Scheduled(every = "{vaxline.housekeeping.interval}", delayed = "{vaxline.housekeeping.first-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledSweep() {
        return sweep(Instant.now())
                .invoke(swept -> {
                    if (swept.codes() + swept.rateLimitWindows() + swept.availabilityDays() > 0) {
                        Log.infof("Housekeeping: forgot %d expired login codes, %d rate-limit windows, %d past clinic days",
                                swept.codes(), swept.rateLimitWindows(), swept.availabilityDays());
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Housekeeping: %s (tried again at the next sweep)", e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    /** Forgets everything that is stale at {@code now}. */
    public Uni<Swept> sweep(Instant now) {
        int days = board.forgetDaysBefore(LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1));
        return deleteInBatches("DELETE FROM otp_challenge WHERE household_id IN "
                        + "(SELECT household_id FROM otp_challenge WHERE expires_at < $1 LIMIT " + BATCH + ")",
                now.minus(otpRetention))
                .chain(codes -> deleteInBatches("DELETE FROM rate_limit WHERE bucket IN "
                                + "(SELECT bucket FROM rate_limit WHERE window_start < $1 LIMIT " + BATCH + ")",
                        now.minus(RateLimiter.LONGEST_WINDOW))
                        .map(windows -> new Swept(codes, windows, days)));
    }

    private Uni<Long> deleteInBatches(String sql, Instant cutoff) {
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        return db.preparedQuery(sql).execute(Tuple.of(before)).map(rows -> (long) rows.rowCount())
                .chain(deleted -> deleted < BATCH ? Uni.createFrom().item(deleted)
                        : deleteInBatches(sql, cutoff).map(more -> deleted + more));
    }
}
