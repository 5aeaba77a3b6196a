package io.vaxline.booking.appointments;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vaxline.problems.InvalidInput;
import io.vaxline.schemas.DerivedIds;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Binds each Idempotency-Key to the request it was first sent with. The request id derives from the
 * household and the key only, and scheduler-stream recognises a repeated request id per person: the
 * same key sent for another person, appointment or slot would be carried out as a new request while
 * the caller got the first one's outcome. So a key comes back only with the very same request;
 * with any other it is refused (422, naming the header), and nothing is sent.
 * <p>
 * The claim is one statement on its own (no transaction around it: the upsert is atomic by itself),
 * so a new key costs one round trip to PostgreSQL. It goes through the reactive client, not a Hibernate
 * native query: Hibernate Reactive made a new result mapping, and so a new entry in its query plan cache,
 * for each such query, which took about 3 % of booking-api's CPU samples in a rush. So it takes a pooled
 * connection of its own, and must be asked before a session is opened: a session holds its connection from
 * the start, and in a rush every connection could be held by a session waiting for one more (the bookings
 * benchmark saw requests hang for 30 s that way). A stored binding never changes until it is
 * forgotten after the retention, so each instance also remembers the bindings it has seen for a
 * few minutes and answers a repeated key from memory: the same request passes, another is refused.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** How long a binding read from PostgreSQL is remembered: far shorter than the retention. */
    static final Duration REMEMBERED = Duration.ofMinutes(10);

    private final Cache<String, String> known = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(REMEMBERED)
            .build();

    // The no-op update makes RETURNING give the stored fingerprint when the key is known; a concurrent
    // first use waits for the other's commit, so two different requests can never both claim one key.
    private static final String CLAIM = """
            INSERT INTO idempotency_key (request_id, fingerprint, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (request_id) DO UPDATE SET request_id = EXCLUDED.request_id
            RETURNING fingerprint""";

    @Inject
    AppointmentSettings settings;

    @Inject
    Pool db;

    /** The fingerprint of a request: what it asks for, so any change in it makes another fingerprint. */
    static String fingerprint(String operation, Object... fields) {
        return DerivedIds.of(operation, fields);
    }

    /**
     * Call outside a session (above). Completes when {@code requestId} is new or was first sent with the same request;
     * fails with 422 otherwise.
     */
    public Uni<Void> claim(String requestId, String fingerprint) {
        String remembered = known.getIfPresent(requestId);
        Uni<String> stored = remembered != null ? Uni.createFrom().item(remembered)
                : db.preparedQuery(CLAIM)
                        .execute(Tuple.of(requestId, fingerprint, OffsetDateTime.now(ZoneOffset.UTC)))
                        .map(rows -> rows.iterator().next().getString(0))
                        .invoke(bound -> known.put(requestId, bound));
        return stored
                .invoke(bound -> {
                    if (!bound.equals(fingerprint)) {
                        throw new InvalidInput("The Idempotency-Key was used before", "Idempotency-Key",
                                "was already used for a different request of this household; send a new key for a new request");
                    }
                })
                .replaceWithVoid();
    }

    /** Forgets keys older than the retention: scheduler-stream has forgotten their request ids by then too. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetOld() {
        Instant before = Instant.now().minus(settings.idempotencyKeyRetention());
        return db.preparedQuery("DELETE FROM idempotency_key WHERE created_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("Forgetting old Idempotency-Keys: %s (tried again in an hour)", e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }
}
