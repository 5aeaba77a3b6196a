package io.vaxline.booking.appointments;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.OutageRetry;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.AppointmentCancelled;
import io.vaxline.events.AppointmentRescheduled;
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
 * <p>
 * The caller is answered from the outcome, before the read model ({@link AppointmentProjection})
 * has stored it; so the outcomes of the last minutes are also kept by appointment and by person, and
 * the household's reads lay them over the stored rows ({@link AppointmentProjection#project}): the
 * caller reads what it was told at once, whenever the projection gets to it.
 */
@ApplicationScoped
public class BookingOutcomes {

    /** The outcome one or more requests wait for, and how many still wait: the last one to give up forgets it. */
    private static final class Waiters {
        final CompletableFuture<SpecificRecord> outcome = new CompletableFuture<>();
        int count;
    }

    /** How long outcomes are kept in memory: far longer than the projection normally lags behind. */
    static final Duration RECENT = Duration.ofMinutes(10);

    private final ConcurrentMap<String, Waiters> waiting = new ConcurrentHashMap<>();
    private final Cache<String, SpecificRecord> recent = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(RECENT)
            .build();
    /** The newest event of each appointment seen in the last minutes. */
    private final Cache<String, SpecificRecord> recentByAppointment = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(RECENT)
            .build();
    /** The appointments of each person that changed in the last minutes. */
    private final Cache<String, Set<String>> recentByPerson = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(RECENT)
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
    public void deliver(SpecificRecord event) {
        String requestId = BookingOutcome.of(event).map(BookingOutcome::requestId).orElse(null);
        if (requestId == null) {
            return;
        }
        recent.put(requestId, event);
        remember(event);
        Waiters waiters = waiting.remove(requestId);
        if (waiters != null) {
            waiters.outcome.complete(event);
        }
    }

    /** Keeps an appointment's newest event (by the time it happened), so reads can lay it over the stored row. */
    private void remember(SpecificRecord event) {
        String appointmentId = switch (event) {
            case AppointmentBooked e -> e.getAppointmentId();
            case AppointmentRescheduled e -> e.getAppointmentId();
            case AppointmentCancelled e -> e.getAppointmentId();
            default -> null;
        };
        if (appointmentId == null) {
            return;
        }
        recentByAppointment.asMap().merge(appointmentId, event,
                (was, now) -> occurredAt(now).isBefore(occurredAt(was)) ? was : now);
        String personId = BookingOutcome.of(event).map(BookingOutcome::personId).orElse(null);
        if (personId != null) {
            recentByPerson.asMap().computeIfAbsent(personId, id -> ConcurrentHashMap.newKeySet()).add(appointmentId);
        }
    }

    /** The outcome of {@code requestId} if it arrived in the last minutes, else null. */
    public SpecificRecord recent(String requestId) {
        return recent.getIfPresent(requestId);
    }

    /** The newest event of {@code appointmentId} seen in the last minutes, else null. */
    public SpecificRecord latest(String appointmentId) {
        return recentByAppointment.getIfPresent(appointmentId);
    }

    /** The newest events of the appointments of {@code personIds} seen in the last minutes, by appointment id. */
    public Map<String, SpecificRecord> latestOf(Collection<String> personIds) {
        Map<String, SpecificRecord> found = new java.util.HashMap<>();
        for (String personId : personIds) {
            Set<String> ids = recentByPerson.getIfPresent(personId);
            for (String appointmentId : ids == null ? List.<String>of() : List.copyOf(ids)) {
                SpecificRecord event = latest(appointmentId);
                if (event != null) {
                    found.put(appointmentId, event);
                }
            }
        }
        return found;
    }

    private static Instant occurredAt(SpecificRecord event) {
        return switch (event) {
            case AppointmentBooked e -> e.getOccurredAt();
            case AppointmentRescheduled e -> e.getOccurredAt();
            case AppointmentCancelled e -> e.getOccurredAt();
            default -> Instant.MIN;
        };
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
