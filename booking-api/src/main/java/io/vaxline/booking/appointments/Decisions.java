package io.vaxline.booking.appointments;

import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.platform.EventPublisher;

import org.apache.avro.specific.SpecificRecord;

/**
 * Asks scheduler-stream to decide a command and waits for its outcome, holding no PostgreSQL connection meanwhile.
 * <p>
 * A request first checks, in PostgreSQL, who it is for (the person in the caller's household, the appointment, the
 * Idempotency-Key), then sends its command and waits, a bounded time, for the outcome on booking-events. A session
 * holds one of booking-api's pooled connections from its first query until it closes, so a request that waited inside
 * its session kept a connection through scheduler-stream's two hops: with 20 connections held about 75 ms each,
 * booking-api answered at most about 270 bookings a second while scheduler-stream decided each within 90 ms and the
 * cores were not busy (bench/REPORT.md, 2026-12-01 afternoon). So the checks run in a session of their own
 * ({@link #decide}), which closes before the command goes out.
 */
@ApplicationScoped
public class Decisions {

    /**
     * A command checked and built inside a session, ready to send: the request it answers, the person it is keyed by,
     * and how its outcome (null when none came in time) becomes the answer.
     */
    public record Outgoing<T>(String requestId, String personId, SpecificRecord command, Function<SpecificRecord, T> answer) {
    }

    @Inject
    EventPublisher publisher;

    @Inject
    BookingOutcomes outcomes;

    @Inject
    AppointmentSettings settings;

    /**
     * Runs {@code prepare} in a session of its own (its failures fail the request as they are), then, with the session
     * closed, sends the command and answers from its outcome. The caller must not be inside a session already
     * ({@code @WithSession}), or the connection would be held as before.
     */
    public <T> Uni<T> decide(Supplier<Uni<Outgoing<T>>> prepare) {
        return Panache.withSession(prepare).chain(this::send);
    }

    private <T> Uni<T> send(Outgoing<T> outgoing) {
        return outcomes.await(outgoing.requestId(), settings.replyTimeout(),
                        publisher.bookingCommand(outgoing.personId(), outgoing.command()))
                .map(outcome -> outgoing.answer().apply(outcome));
    }
}
