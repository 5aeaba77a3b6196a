package io.vaxline.notifier.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * <p>A delivery is claimed for a lease before it is handed to the provider: while a row is SENDING and
 * its lease runs, every other claimer (the same event read again, a partition that moved to another
 * consumer, another instance) is told to wait ({@link Busy}), and only the holder may record a
 * hand-over ({@link #handOver}), which renews the lease for the provider's call. {@code attempts}
 * counts the hand-overs begun. A claimer that finds the lease run out while the row is still SENDING
 * takes it over ({@link Claimed#attempts()} &gt; 0: the last hand-over's outcome is unknown).
 */
@ApplicationScoped
public class DeliveryLog {

    /** What a claim found. */
    public sealed interface Claim permits Claimed, Busy, Finished {
    }

    /** This claimer holds the delivery; {@code attempts} hand-overs were begun before. */
    public record Claimed(int attempts) implements Claim {
    }

    /** Another claimer holds it for {@code leaseLeft} more. */
    public record Busy(Duration leaseLeft) implements Claim {
    }

    /** Already sent or failed for good. */
    public record Finished(String state, int attempts, String providerMessageId, String lastError) implements Claim {
    }

    @Inject
    Pool pool;

    /** Claims the delivery for {@code holder}; claiming again as the same holder (a retry after a lost answer) renews its claim. */
    public Uni<Claim> claim(String sourceEventId, String channel, String kind, String personId, String holder, Duration lease) {
        return pool.preparedQuery("""
                        INSERT INTO deliveries AS d (source_event_id, channel, kind, person_id, state, attempts, holder, lease_until)
                        VALUES ($1, $2, $3, $4, 'SENDING', 0, $5, now() + $6::bigint * interval '1 millisecond')
                        ON CONFLICT (source_event_id, channel) DO UPDATE
                            SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until, updated_at = now()
                            WHERE d.state = 'SENDING' AND (d.lease_until <= now() OR d.holder = EXCLUDED.holder)
                        RETURNING d.attempts""")
                .execute(Tuple.of(sourceEventId, channel, kind, personId, holder, lease.toMillis()))
                .chain(rows -> {
                    Optional<Row> claimed = first(rows);
                    return claimed.isPresent() ? Uni.createFrom().item(new Claimed(claimed.get().getInteger("attempts")))
                            : current(sourceEventId, channel);
                });
    }

    /** A delivery's idempotency key: source event id + channel. */
    public record Key(String sourceEventId, String channel) {
    }

    /** One message of a batch to claim. */
    public record ToClaim(String sourceEventId, String channel, String kind, String personId) {
        Key key() {
            return new Key(sourceEventId, channel);
        }
    }

    /** One hand-over of a block about to begin. */
    public record HandOver(Key key, int attempt) {
    }

    /**
     * {@link #claim} for a whole batch in one statement: what each claim found, by key. The rows are
     * written in key order, so two claimers of overlapping batches take their row locks in the same
     * order. The keys must be distinct (one statement cannot update a row twice).
     */
    public Uni<Map<Key, Claim>> claimAll(List<ToClaim> messages, String holder, Duration lease) {
        List<ToClaim> sorted = messages.stream().sorted(java.util.Comparator.comparing(ToClaim::sourceEventId)
                .thenComparing(ToClaim::channel)).toList();
        String[] ids = sorted.stream().map(ToClaim::sourceEventId).toArray(String[]::new);
        String[] channels = sorted.stream().map(ToClaim::channel).toArray(String[]::new);
        String[] kinds = sorted.stream().map(ToClaim::kind).toArray(String[]::new);
        String[] people = sorted.stream().map(ToClaim::personId).toArray(String[]::new);
        // The outer SELECT reads the table as it was before the statement: for a row this statement did
        // not claim, that is the row that stopped it (or none, when another claimer inserted it since).
        return pool.preparedQuery("""
                        WITH m AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS m(id, ch, kind, person, n)),
                        claimed AS (
                            INSERT INTO deliveries AS d (source_event_id, channel, kind, person_id, state, attempts, holder, lease_until)
                            SELECT id, ch, kind, person, 'SENDING', 0, $5, now() + $6::bigint * interval '1 millisecond' FROM m ORDER BY n
                            ON CONFLICT (source_event_id, channel) DO UPDATE
                                SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until, updated_at = now()
                                WHERE d.state = 'SENDING' AND (d.lease_until <= now() OR d.holder = EXCLUDED.holder)
                            RETURNING d.source_event_id, d.channel, d.attempts)
                        SELECT m.id, m.ch, c.attempts AS claimed_attempts, d.state, d.attempts, d.provider_message_id, d.last_error,
                               greatest(0, extract(epoch FROM d.lease_until - now()) * 1000)::bigint AS lease_left
                        FROM m LEFT JOIN claimed c ON c.source_event_id = m.id AND c.channel = m.ch
                               LEFT JOIN deliveries d ON c.source_event_id IS NULL AND d.source_event_id = m.id AND d.channel = m.ch""")
                .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(channels).addArrayOfString(kinds)
                        .addArrayOfString(people).addString(holder).addLong(lease.toMillis()))
                .map(rows -> {
                    Map<Key, Claim> claims = new HashMap<>();
                    for (Row row : rows) {
                        Key key = new Key(row.getString("id"), row.getString("ch"));
                        Integer claimed = row.getInteger("claimed_attempts");
                        String state = row.getString("state");
                        claims.put(key, claimed != null ? new Claimed(claimed)
                                : state == null ? new Busy(Duration.ZERO)
                                : "SENDING".equals(state) ? new Busy(Duration.ofMillis(row.getLong("lease_left")))
                                : new Finished(state, row.getInteger("attempts"), row.getString("provider_message_id"),
                                        row.getString("last_error")));
                    }
                    return claims;
                });
    }

    /**
     * {@link #handOver} for a block in one statement: the keys {@code holder} still holds, whose
     * hand-overs may begin.
     */
    public Uni<Set<Key>> handOverAll(List<HandOver> block, String holder, Duration lease) {
        return pool.preparedQuery("""
                        UPDATE deliveries d SET attempts = m.attempt, lease_until = now() + $4::bigint * interval '1 millisecond',
                                                updated_at = now()
                        FROM unnest($1::text[], $2::text[], $3::int[]) AS m(id, ch, attempt)
                        WHERE d.source_event_id = m.id AND d.channel = m.ch AND d.holder = $5 AND d.state = 'SENDING'
                        RETURNING d.source_event_id, d.channel""")
                .execute(Tuple.tuple()
                        .addArrayOfString(block.stream().map(h -> h.key().sourceEventId()).toArray(String[]::new))
                        .addArrayOfString(block.stream().map(h -> h.key().channel()).toArray(String[]::new))
                        .addArrayOfInteger(block.stream().map(HandOver::attempt).toArray(Integer[]::new))
                        .addLong(lease.toMillis()).addString(holder))
                .map(rows -> {
                    Set<Key> held = new HashSet<>();
                    for (Row row : rows) {
                        held.add(new Key(row.getString("source_event_id"), row.getString("channel")));
                    }
                    return held;
                });
    }

    private Uni<Claim> current(String sourceEventId, String channel) {
        return pool.preparedQuery("""
                        SELECT state, attempts, provider_message_id, last_error,
                               greatest(0, extract(epoch FROM lease_until - now()) * 1000)::bigint AS lease_left
                        FROM deliveries WHERE source_event_id = $1 AND channel = $2""")
                .execute(Tuple.of(sourceEventId, channel))
                .map(rows -> first(rows).<Claim>map(row -> "SENDING".equals(row.getString("state"))
                        ? new Busy(Duration.ofMillis(row.getLong("lease_left")))
                        : new Finished(row.getString("state"), row.getInteger("attempts"), row.getString("provider_message_id"),
                                row.getString("last_error")))
                        .orElse(new Busy(Duration.ZERO)));
    }

    /**
     * Records that hand-over {@code attempt} begins and renews the lease for it; false when
     * {@code holder} no longer holds the delivery (its lease ran out and another claimer took it over).
     */
    public Uni<Boolean> handOver(String sourceEventId, String channel, String holder, int attempt, Duration lease) {
        return pool.preparedQuery("""
                        UPDATE deliveries SET attempts = $4, lease_until = now() + $5::bigint * interval '1 millisecond', updated_at = now()
                        WHERE source_event_id = $1 AND channel = $2 AND holder = $3 AND state = 'SENDING'""")
                .execute(Tuple.of(sourceEventId, channel, holder, attempt, lease.toMillis()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Keeps the delivery for {@code holder} a while longer (through a back-off before the next attempt). */
    public Uni<Void> extend(String sourceEventId, String channel, String holder, Duration lease) {
        return update("""
                UPDATE deliveries SET lease_until = now() + $4::bigint * interval '1 millisecond', updated_at = now()
                WHERE source_event_id = $1 AND channel = $2 AND holder = $3 AND state = 'SENDING'""",
                Tuple.of(sourceEventId, channel, holder, lease.toMillis()));
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

    private Uni<Void> update(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).replaceWithVoid();
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }
}
