package io.vaxline.scheduler.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long scheduler-stream remembers what it has decided, so its stores stop growing with every
 * day the drive runs.
 *
 * @param requestIds how long a request id is remembered after it was first seen: a command repeated
 *        within this time gets its first outcome again; one repeated later is decided afresh. It is
 *        at least as long as booking-commands keeps its records (a week), so no command still on the
 *        topic can be decided twice.
 * @param ledgerDays how long after a day its sessions, seats and seat holders are kept: long enough
 *        for a late cancellation, a reschedule from that day or an investigation of the day's no-shows
 *        to find the seat.
 * @param purgeInterval how often the stores are swept (on the wall clock)
 */
public record Retention(Duration requestIds, Duration ledgerDays, Duration purgeInterval) {

    public static final Retention DEFAULT = new Retention(Duration.ofDays(7), Duration.ofDays(14), Duration.ofHours(1));

    public Retention {
        if (requestIds.isNegative() || ledgerDays.isNegative() || purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("retention periods must not be negative, and the purge interval positive");
        }
    }

    /** True once a request first seen at {@code seenAt} may be forgotten. */
    public boolean requestExpired(Instant seenAt, Instant now) {
        return seenAt.plus(requestIds).isBefore(now);
    }

    /**
     * The oldest day whose ledger is still kept. Days are the clinics' local dates; counting them in
     * UTC moves the cut by at most a day, which the retention of whole days absorbs.
     */
    public LocalDate oldestLedgerDay(Instant now) {
        return now.minus(ledgerDays).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
