package io.vaxline.booking.outreach;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * {@code vaxline_outreach_invitations{state}}: the invitations of every campaign by where they are,
 * counted in PostgreSQL (where their state lives) every {@code vaxline.metrics.outreach-interval}
 * (30 s) rather than at each scrape. The states are not exclusive; each is the number of invitations
 * that reached it:
 * <ul>
 * <li>{@code issued}: made for a wave;</li>
 * <li>{@code queued}: made and not yet on Kafka (the outbox's backlog);</li>
 * <li>{@code delivered}: taken by the SMS or the e-mail provider;</li>
 * <li>{@code retrying}: not delivered, an attempt failed and another follows;</li>
 * <li>{@code failed}: delivered by no channel, and no channel tries again;</li>
 * <li>{@code opened}: its link followed at least once;</li>
 * <li>{@code acknowledged}: answered by the person.</li>
 * </ul>
 */
@ApplicationScoped
public class OutreachMetrics {

    static final String QUERY = "SELECT count(*) AS issued,"
            + " count(*) FILTER (WHERE published_at IS NULL) AS queued,"
            + " count(*) FILTER (WHERE sms_status = 'SENT' OR email_status = 'SENT') AS delivered,"
            + " count(*) FILTER (WHERE coalesce(sms_status, '') <> 'SENT' AND coalesce(email_status, '') <> 'SENT'"
            + "   AND (sms_status = 'RETRYING' OR email_status = 'RETRYING')) AS retrying,"
            + " count(*) FILTER (WHERE coalesce(sms_status, 'FAILED') = 'FAILED' AND coalesce(email_status, 'FAILED') = 'FAILED'"
            + "   AND (sms_status IS NOT NULL OR email_status IS NOT NULL)) AS failed,"
            + " count(*) FILTER (WHERE clicks > 0) AS opened,"
            + " count(*) FILTER (WHERE acknowledged_at IS NOT NULL) AS acknowledged"
            + " FROM invitation";

    private final Map<String, AtomicLong> byState = new LinkedHashMap<>();

    @Inject
    Pool db;

    @Inject
    OutreachMetrics(MeterRegistry meters) {
        for (String state : new String[] {"issued", "queued", "delivered", "retrying", "failed", "opened", "acknowledged"}) {
            byState.put(state, meters.gauge("vaxline.outreach.invitations", Tags.of("state", state), new AtomicLong()));
        }
    }

    @Scheduled(every = "{vaxline.metrics.outreach-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledCount() {
        return count().onFailure().recoverWithItem(e -> {
            Log.debugf("Outreach invitations not counted this time: %s", e.getMessage());
            return null;
        });
    }

    /** Counts the invitations by state now; the gauges show the result. */
    public Uni<Void> count() {
        return db.query(QUERY).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            byState.forEach((state, gauge) -> gauge.set(row.getLong(state)));
        }).replaceWithVoid();
    }
}
