package io.vaxline.booking.messaging;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingRejected;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The reply side of booking's request-reply over Kafka. Every booking-api instance reads all of
 * booking-events (a consumer group of its own) and hands each outcome to the HTTP request waiting
 * for it, or keeps it for a caller who comes back later with the request id.
 */
@ApplicationScoped
public class BookingOutcomes {

    private final ConcurrentMap<String, CompletableFuture<SpecificRecord>> waiting = new ConcurrentHashMap<>();
    private final Cache<String, SpecificRecord> recent = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofHours(6))
            .build();

    @Incoming("booking-outcomes")
    public void onEvent(SpecificRecord event) {
        String requestId = switch (event) {
            case AppointmentBooked booked -> booked.getRequestId();
            case BookingRejected rejected -> rejected.getRequestId();
            default -> null;
        };
        if (requestId == null) {
            return;
        }
        recent.put(requestId, event);
        CompletableFuture<SpecificRecord> future = waiting.remove(requestId);
        if (future != null) {
            future.complete(event);
        }
    }

    public Optional<SpecificRecord> known(String requestId) {
        return Optional.ofNullable(recent.getIfPresent(requestId));
    }

    /**
     * Waits for the outcome of {@code requestId}; call before sending the command so a fast answer
     * cannot slip past. Emits null when nothing arrives within {@code timeout}.
     */
    public Uni<SpecificRecord> await(String requestId, Duration timeout, Uni<Void> send) {
        CompletableFuture<SpecificRecord> future = waiting.computeIfAbsent(requestId, id -> new CompletableFuture<>());
        SpecificRecord already = recent.getIfPresent(requestId);
        if (already != null) {
            future.complete(already);
        }
        return send.chain(() -> Uni.createFrom().completionStage(future))
                .ifNoItem().after(timeout).recoverWithItem(() -> null)
                .onTermination().invoke(() -> waiting.remove(requestId, future));
    }
}
