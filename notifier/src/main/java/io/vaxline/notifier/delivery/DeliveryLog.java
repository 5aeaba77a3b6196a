package io.vaxline.notifier.delivery;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The idempotency record of deliveries, keyed by source event id + channel, in PostgreSQL.
 *
 * <p>{@link #claim} is written before a message is handed to the provider, {@link #sent} after. A
 * crash between the two leaves the row in SENDING: the message may or may not have gone out, and the
 * next claim says so ({@link Claim#resumed()}), so it is handed over once more with the same
 * idempotency key. That is harmless where the provider honours the key and at most one duplicate
 * per crash per consumer where it does not (SNS SMS).
 */
@ApplicationScoped
public class DeliveryLog {

    /** A claimed delivery: the attempt about to be made, and whether an earlier attempt's outcome is unknown. */
    public record Claim(int attempt, boolean resumed) {
    }

    /** A delivery that is already finished. */
    public record Finished(String state, int attempts, String providerMessageId, String lastError) {
    }

    @Inject
    Pool pool;

    /**
     * Claims the next attempt at a delivery: a new row, or one more attempt on a row left in SENDING.
     * Empty when the delivery has already been finished (sent or failed for good).
     */
    public Uni<Optional<Claim>> claim(String sourceEventId, String channel, String kind, String personId) {
        return pool.preparedQuery("""
                        INSERT INTO deliveries AS d (source_event_id, channel, kind, person_id, state, attempts)
                        VALUES ($1, $2, $3, $4, 'SENDING', 1)
                        ON CONFLICT (source_event_id, channel) DO UPDATE
                            SET attempts = d.attempts + 1, updated_at = now()
                            WHERE d.state = 'SENDING'
                        RETURNING d.attempts""")
                .execute(Tuple.of(sourceEventId, channel, kind, personId))
                .map(rows -> first(rows).map(row -> {
                    int attempt = row.getInteger("attempts");
                    return new Claim(attempt, attempt > 1);
                }));
    }

    /** Records one more attempt (a retry after a refusal). */
    public Uni<Void> attempting(String sourceEventId, String channel, int attempt) {
        return update("UPDATE deliveries SET attempts = $3, updated_at = now() WHERE source_event_id = $1 AND channel = $2",
                Tuple.of(sourceEventId, channel, attempt));
    }

    public Uni<Void> sent(String sourceEventId, String channel, String providerMessageId) {
        return update("""
                UPDATE deliveries SET state = 'SENT', provider_message_id = $3, last_error = NULL, updated_at = now()
                WHERE source_event_id = $1 AND channel = $2""", Tuple.of(sourceEventId, channel, providerMessageId));
    }

    public Uni<Void> failed(String sourceEventId, String channel, String reason) {
        return update("""
                UPDATE deliveries SET state = 'FAILED', last_error = $3, updated_at = now()
                WHERE source_event_id = $1 AND channel = $2""", Tuple.of(sourceEventId, channel, reason));
    }

    public Uni<Optional<Finished>> find(String sourceEventId, String channel) {
        return pool.preparedQuery("""
                        SELECT state, attempts, provider_message_id, last_error FROM deliveries
                        WHERE source_event_id = $1 AND channel = $2""")
                .execute(Tuple.of(sourceEventId, channel))
                .map(rows -> first(rows).map(row -> new Finished(row.getString("state"), row.getInteger("attempts"),
                        row.getString("provider_message_id"), row.getString("last_error"))));
    }

    private Uni<Void> update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).replaceWithVoid();
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }
}
