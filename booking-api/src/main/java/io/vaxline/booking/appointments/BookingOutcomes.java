package io.vaxline.booking.appointments;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.schemas.BookingOutcome;
import io.vaxline.schemas.RecordDecoder;
import io.vaxline.schemas.Topics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The reply side of request-reply over Kafka. Every booking-api instance reads all of booking-events
 * (a consumer group of its own) and hands each outcome to the HTTP request waiting for it. Outcomes
 * of the last minutes are kept, for a repeated request; all of them are in the booking_request table.
 */
@ApplicationScoped
public class BookingOutcomes {

    /** The outcome one or more requests wait for, and how many still wait: the last one to give up forgets it. */
    private static final class Waiters {
        final CompletableFuture<SpecificRecord> outcome = new CompletableFuture<>();
        int count;
    }

    private final ConcurrentMap<String, Waiters> waiting = new ConcurrentHashMap<>();
    private final Cache<String, SpecificRecord> recent = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    @Inject
    RecordDecoder decoder;

    @Inject
    OutageRetry outages;

    @Incoming("booking-outcomes")
    public Uni<Void> onEvent(ConsumerRecord<String, byte[]> record) {
        return outages.runUntilAvailable("booking-outcomes",
                () -> deliver(decoder.decode(Topics.BOOKING_EVENTS, record.headers(), record.value())));
    }

    /** Hands an outcome to every request waiting for it, and keeps it for a request that comes later. */
    void deliver(SpecificRecord event) {
        String requestId = BookingOutcome.of(event).map(BookingOutcome::requestId).orElse(null);
        if (requestId == null) {
            return;
        }
        recent.put(requestId, event);
        Waiters waiters = waiting.remove(requestId);
        if (waiters != null) {
            waiters.outcome.complete(event);
        }
    }

    /**
     * Waits for the outcome of {@code requestId} while {@code send} publishes the command; registered
     * first, so a fast answer cannot slip past. Emits null when nothing arrives within {@code timeout}.
     * The outcome (or the timeout) is emitted on the caller's Vert.x context: it arrives on the
     * consumer's, and the caller's Hibernate Reactive session may only go on where it was opened.
     */
    public Uni<SpecificRecord> await(String requestId, Duration timeout, Uni<Void> send) {
        // Counted while the map holds the entry, so a waiter that gives up never takes the outcome away from
        // another request still waiting for it (the same Idempotency-Key sent twice, with different patience).
        Waiters waiters = waiting.compute(requestId, (id, current) -> {
            Waiters joined = current == null ? new Waiters() : current;
            joined.count++;
            return joined;
        });
        SpecificRecord already = recent.getIfPresent(requestId);
        if (already != null) {
            waiters.outcome.complete(already);
        }
        Uni<SpecificRecord> outcome = Uni.createFrom().completionStage(waiters.outcome.copy())
                .ifNoItem().after(timeout).recoverWithItem(() -> null);
        Context caller = Vertx.currentContext();
        return send.chain(() -> caller == null ? outcome : outcome.emitOn(task -> caller.runOnContext(ignored -> task.run())))
                .onTermination().invoke(() -> waiting.computeIfPresent(requestId,
                        (id, current) -> current == waiters && --current.count == 0 ? null : current));
    }
}
