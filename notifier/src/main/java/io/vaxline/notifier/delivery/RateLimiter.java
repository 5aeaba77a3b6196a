package io.vaxline.notifier.delivery;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vaxline.notifier.NotifierSettings;
import io.vaxline.notifier.OutageWait;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Messages per second to each provider, shared by every notifier instance: a counter per provider
 * and second (by the database's clock) in PostgreSQL, taken a block of messages at a time (as many as
 * a batch has ready, up to the room left) with one conditional upsert, so the limit holds however many
 * instances run (a token bucket per instance would multiply it by their number). SMS and e-mail have limits of their own. One-time codes may use the
 * whole SMS limit; every other text stops {@link NotifierSettings#smsReservedForCodes()} short of it,
 * so a campaign that fills each second still leaves room for the codes. A message that finds its
 * second full waits for the next without holding a thread.
 *
 * <p>Fixed one-second windows: any calendar second of the database holds at most the limit; two
 * adjacent half-seconds may together hold up to twice it.
 */
@ApplicationScoped
public class RateLimiter {

    public static final String ONE_TIME_CODE = "one-time-code";
    private static final Duration KEPT = Duration.ofMinutes(1);

    /** The limits, per second. */
    public record Limits(int smsPerSecond, int smsReservedForCodes, int emailsPerSecond) {
        public Limits {
            if (smsPerSecond < 1 || emailsPerSecond < 1) {
                throw new IllegalArgumentException("vaxline.notifier.messages-per-second and emails-per-second must be at least 1");
            }
            if (smsReservedForCodes < 0 || smsReservedForCodes >= smsPerSecond) {
                throw new IllegalArgumentException("vaxline.notifier.sms-reserved-for-codes must be at least 0 and less than "
                        + "messages-per-second (" + smsPerSecond + "), not " + smsReservedForCodes);
            }
        }
    }

    @Inject
    Pool pool;

    @Inject
    NotifierSettings settings;

    @Inject
    OutageWait outages;

    private Limits limits;

    /** A limiter outside CDI on {@code pool}, e.g. a test's second instance. */
    public static RateLimiter sharing(Pool pool, Limits limits, OutageWait outages) {
        RateLimiter limiter = new RateLimiter();
        limiter.pool = pool;
        limiter.limits = limits;
        limiter.outages = outages;
        return limiter;
    }

    @PostConstruct
    void init() {
        limits = new Limits(settings.messagesPerSecond(), settings.smsReservedForCodes(), settings.emailsPerSecond());
    }

    /** Which budget a message draws on: its provider's, up to the ceiling its kind may fill. */
    public record Lane(String provider, int ceiling) {
    }

    public Lane lane(OutgoingMessage message) {
        if (Dispatcher.EMAIL.equals(message.channel())) {
            return new Lane(Dispatcher.EMAIL, limits.emailsPerSecond());
        }
        return new Lane(Dispatcher.SMS, ONE_TIME_CODE.equals(message.kind()) ? limits.smsPerSecond()
                : limits.smsPerSecond() - limits.smsReservedForCodes());
    }

    /** Completes when {@code message} may go to its provider. */
    public Uni<Void> acquire(OutgoingMessage message) {
        return acquire(lane(message), 1).replaceWithVoid();
    }

    /**
     * A block of up to {@code wanted} messages of this second's budget of {@code lane}, in one write:
     * completes with how many were granted (at least one; as many as the second has room for below the
     * lane's ceiling), waiting for the next second while the current one is full. The granted messages
     * are to be handed over now: a grant is a place in this second.
     */
    public Uni<Integer> acquire(Lane lane, int wanted) {
        if (wanted < 1) {
            throw new IllegalArgumentException("wanted must be at least 1, not " + wanted);
        }
        return outages.retry("the send budget in PostgreSQL", () -> take(lane.provider(), lane.ceiling(), wanted))
                .chain(granted -> granted > 0 ? Uni.createFrom().item(granted)
                        : Uni.createFrom().voidItem().onItem().delayIt().by(untilNextSecond())
                                .chain(() -> acquire(lane, wanted)));
    }

    /**
     * Up to {@code wanted} messages of this second's budget, as many as the second has room for below
     * {@code ceiling}; 0 when it is full. Every SET expression reads the row as it was before the
     * update, so {@code granted} is this write's share.
     */
    private Uni<Integer> take(String provider, int ceiling, int wanted) {
        return pool.preparedQuery("""
                        INSERT INTO send_budget AS b (provider, second, used, granted)
                        VALUES ($1, floor(extract(epoch FROM clock_timestamp()))::bigint, least($3::int, $2::int), least($3::int, $2::int))
                        ON CONFLICT (provider, second) DO UPDATE
                            SET used = b.used + least($3::int, $2::int - b.used), granted = least($3::int, $2::int - b.used)
                            WHERE b.used < $2::int
                        RETURNING second, used, granted""")
                .execute(Tuple.of(provider, ceiling, wanted))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    var row = rows.iterator().next();
                    int granted = row.getInteger("granted");
                    // The write that began this second (it inserted the row) clears out the old seconds.
                    return row.getInteger("used") == granted
                            ? forgetOldSeconds(provider, row.getLong("second")).replaceWith(granted)
                            : Uni.createFrom().item(granted);
                });
    }

    private Uni<Void> forgetOldSeconds(String provider, long second) {
        return pool.preparedQuery("DELETE FROM send_budget WHERE provider = $1 AND second < $2")
                .execute(Tuple.of(provider, second - KEPT.toSeconds())).replaceWithVoid();
    }

    private static Duration untilNextSecond() {
        return Duration.ofMillis(1001 - System.currentTimeMillis() % 1000);
    }
}
