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
 * and second (by the database's clock) in PostgreSQL, taken one message at a time with one
 * conditional upsert, so the limit holds however many instances run (a token bucket per instance would
 * multiply it by their number). SMS and e-mail have limits of their own. One-time codes may use the
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

    /** Completes when {@code message} may go to its provider. */
    public Uni<Void> acquire(OutgoingMessage message) {
        if (Dispatcher.EMAIL.equals(message.channel())) {
            return acquire(Dispatcher.EMAIL, limits.emailsPerSecond());
        }
        return acquire(Dispatcher.SMS, ONE_TIME_CODE.equals(message.kind()) ? limits.smsPerSecond()
                : limits.smsPerSecond() - limits.smsReservedForCodes());
    }

    private Uni<Void> acquire(String provider, int ceiling) {
        return outages.retry("the send budget in PostgreSQL", () -> take(provider, ceiling))
                .chain(took -> took ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(untilNextSecond())
                                .chain(() -> acquire(provider, ceiling)));
    }

    /** One message of this second's budget, if the second has room below {@code ceiling}. */
    private Uni<Boolean> take(String provider, int ceiling) {
        return pool.preparedQuery("""
                        INSERT INTO send_budget AS b (provider, second, used)
                        VALUES ($1, floor(extract(epoch FROM clock_timestamp()))::bigint, 1)
                        ON CONFLICT (provider, second) DO UPDATE SET used = b.used + 1 WHERE b.used < $2
                        RETURNING second, used""")
                .execute(Tuple.of(provider, ceiling))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    var row = rows.iterator().next();
                    return row.getInteger("used") == 1 ? forgetOldSeconds(provider, row.getLong("second")).replaceWith(true)
                            : Uni.createFrom().item(true);
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
