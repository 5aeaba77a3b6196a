package io.vaxline.booking.rest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.messaging.BookingOutcomes;
import io.vaxline.booking.messaging.EventPublisher;
import io.vaxline.booking.service.PhoneNumbers;
import io.vaxline.commands.BookAppointment;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.PersonRegistered;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Booking as request-reply over Kafka: the command goes to booking-commands, scheduler-stream
 * decides, and the outcome comes back on booking-events. The caller waits a bounded time: 201 with
 * the appointment, 409 with the reason, or 202 with a URL to ask again. The request id (the
 * Idempotency-Key header, or one we make) makes repeats safe: the same id never books twice.
 */
@Path("/appointments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AppointmentResource {

    static final String REQUEST_ID = "[A-Za-z0-9][A-Za-z0-9._:-]{7,127}";
    static final String REQUEST_ID_MESSAGE = "must be 8-128 letters, digits, '.', '_', ':' or '-'";

    @Inject
    EventPublisher publisher;

    @Inject
    BookingOutcomes outcomes;

    @ConfigProperty(name = "vaxline.booking.reply-timeout", defaultValue = "PT5S")
    Duration replyTimeout;

    @POST
    public Uni<Response> book(
            @HeaderParam("Idempotency-Key") @Pattern(regexp = REQUEST_ID, message = REQUEST_ID_MESSAGE) String idempotencyKey,
            @Valid @NotNull BookingRequest request) {
        String requestId = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        String phone = PhoneNumbers.e164(request.person().phone());
        String personId = UUID.nameUUIDFromBytes(("person:" + phone + "|" + request.person().name().trim().toLowerCase())
                .getBytes(StandardCharsets.UTF_8)).toString();
        Instant now = Instant.now();
        PersonRegistered person = PersonRegistered.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now)
                .setPersonId(personId)
                .setPhone(phone)
                .setName(request.person().name().trim())
                .setBirthYear(request.person().birthYear())
                .setLanguage(request.person().language() == null ? "en" : request.person().language())
                .build();
        BookAppointment command = BookAppointment.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setRequestId(requestId)
                .setOccurredAt(now)
                .setPersonId(personId)
                .setClinicId(request.clinicId())
                .setService(request.service())
                .setSlotStart(request.slotStart())
                .setDoseNumber(request.doseNumber() == null ? 1 : request.doseNumber())
                .build();
        Uni<Void> send = publisher.person(personId, person).chain(() -> publisher.bookingCommand(personId, command));
        return outcomes.await(requestId, replyTimeout, send).map(outcome -> respond(requestId, outcome));
    }

    @GET
    @Path("/requests/{requestId}")
    public Response outcome(@PathParam("requestId") @Pattern(regexp = REQUEST_ID, message = REQUEST_ID_MESSAGE) String requestId) {
        return respond(requestId, outcomes.known(requestId)
                .orElseThrow(() -> new NotFoundException("No outcome is known for request " + requestId
                        + " yet. If you just sent it, ask again in a moment.")));
    }

    private static Response respond(String requestId, SpecificRecord outcome) {
        return switch (outcome) {
            case null -> Response.accepted(Map.of("requestId", requestId, "status", "PENDING",
                            "statusUrl", statusUrl(requestId).toString()))
                    .location(statusUrl(requestId)).build();
            case AppointmentBooked booked -> Response.created(URI.create("/appointments/" + booked.getAppointmentId()))
                    .entity(AppointmentView.of(booked)).build();
            case BookingRejected rejected -> Problem.of(Response.Status.CONFLICT,
                            rejected.getReason().name().toLowerCase().replace('_', '-'),
                            "The booking was not made", rejected.getDetail())
                    .with("reason", rejected.getReason().name())
                    .with("requestId", requestId)
                    .toResponse();
            default -> throw new IllegalStateException("Unexpected outcome " + outcome.getClass().getSimpleName());
        };
    }

    private static URI statusUrl(String requestId) {
        return URI.create("/appointments/requests/" + requestId);
    }
}
