package io.vaxline.booking.appointments;

import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.FutureOrPresent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicRequests;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.events.AppointmentBooked;
import io.vaxline.events.BookingRejected;
import io.vaxline.events.WaitlistJoined;
import io.vaxline.events.WaitlistLeft;
import io.vaxline.problems.Problem;
import io.vaxline.problems.openapi.ContractModel;
import io.vaxline.problems.openapi.ProblemSchema;
import io.vaxline.schemas.DerivedIds;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Waiting for a seat: a person of the household joins the line of a clinic, day and service; when a seat
 * frees, scheduler-stream holds it for the first in line and offers it (a text with a link); accepting the
 * offer books it. Requests carry an id like bookings (the Idempotency-Key, scoped to the household).
 */
@Path("/waitlist")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.PERSON)
@Tag(name = "Waitlist", description = "Waiting for a seat on a full day, and taking the seat offered")
public class WaitlistResource {

    private static final String DATE = "\\d{4}-\\d{2}-\\d{2}";

    /** A person of the household joins a clinic's line for a day and service. */
    public record Join(
            @NotBlank @Size(max = 64) String personId,
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @NotNull @FutureOrPresent(message = "must be today or a later day") LocalDate date) {
    }

    /** Who takes the offered seat. */
    public record Accept(@NotBlank @Size(max = 64) String personId) {
    }

    @Schema(name = "WaitlistPlace", description = "A person's place in a clinic's line for a day and service.")
    public record Place(@Schema(required = true) String personId, @Schema(required = true) String clinicId,
            @Schema(required = true) String service, @Schema(required = true) LocalDate date,
            @Schema(description = "Place in the line when joining, 1 for the first") Integer position,
            @Schema(required = true, enumeration = { "WAITING", "LEFT" }) String status,
            @Schema(description = "When leaving: the open offer withdrawn with it, whose seat went to the next in line") String offerId) {
    }

    @Schema(name = "WaitlistPending", description = "The request is taken but its outcome is not known yet: repeat it "
            + "with the same Idempotency-Key in a moment for the outcome.")
    public record Pending(@Schema(required = true) String requestId,
            @Schema(required = true, enumeration = { "PENDING" }) String status) {
    }

    @Inject
    Caller caller;

    @Inject
    Waitlists waitlists;

    @Inject
    Decisions decisions;

    @Inject
    AppointmentProjection projection;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @POST
    @Operation(operationId = "joinWaitlist", summary = "Wait for a seat of a service at a clinic on a day")
    @APIResponse(responseCode = "201", description = "In the line; a seat that frees is offered by text, first in line first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Place.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: repeat the request with the same Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such person in the household, or no such clinic")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` says why (ALREADY_BOOKED: the person already "
            + "waits there or holds every dose; NO_SUCH_SLOT: no session of the service that day)",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe "
            + "(8-128 letters, digits, '.', '_', ':' or '-').")
    public Uni<Response> join(
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @Valid @NotNull Join body) {
        String requestId = requestId(key);
        String household = caller.household();
        return sameRequest(key, requestId, IdempotencyKeys.fingerprint("join-waitlist", body.personId(),
                        body.clinicId(), body.service(), body.date()))
                .chain(() -> decisions.decide(() -> waitlists.join(household, requestId, body.personId(), body.clinicId(),
                        body.service(), body.date())))
                .map(outcome -> respond(requestId, outcome));
    }

    @DELETE
    @Operation(operationId = "leaveWaitlist", summary = "Stop waiting; a seat held for the person goes to the next in line")
    @APIResponse(responseCode = "200", description = "Out of the line",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Place.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: repeat the request with the same Idempotency-Key",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such person in the household")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` NO_SUCH_APPOINTMENT: the person does not wait there",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe "
            + "(8-128 letters, digits, '.', '_', ':' or '-').")
    public Uni<Response> leave(
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @QueryParam("personId") @NotBlank @Size(max = 64) String personId,
            @QueryParam("clinicId") @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @QueryParam("service") @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service,
            @QueryParam("date") @NotBlank @Pattern(regexp = DATE, message = "must be a date (yyyy-mm-dd)") String date) {
        String requestId = requestId(key);
        LocalDate day = LocalDate.parse(date);
        String household = caller.household();
        return sameRequest(key, requestId, IdempotencyKeys.fingerprint("leave-waitlist", personId,
                        clinicId, service, day))
                .chain(() -> decisions.decide(() -> waitlists.leave(household, requestId, personId, clinicId, service, day)))
                .map(outcome -> respond(requestId, outcome));
    }

    @POST
    @Path("/offers/{offerId}/accept")
    @Operation(operationId = "acceptWaitlistOffer", summary = "Book the seat an offer holds for a person of the household")
    @APIResponse(responseCode = "201", description = "Booked (the dose due next, by the service's series)",
            headers = @Header(name = "Location", description = "The appointment", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: ask the Location (statusUrl) again",
            headers = @Header(name = "Location", description = "The request's status URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such person in the household")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` says why (NO_SUCH_APPOINTMENT: no such open "
            + "offer for the person; NO_SUCH_SLOT: the offer lapsed; DOSE_NOT_DUE…: the series rules, and the seat goes to the next in line)",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe "
            + "(8-128 letters, digits, '.', '_', ':' or '-').")
    public Uni<Response> accept(@PathParam("offerId") @Size(max = 64) String offerId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @Valid @NotNull Accept body) {
        String requestId = requestId(key);
        String household = caller.household();
        return sameRequest(key, requestId, IdempotencyKeys.fingerprint("accept-offer", offerId,
                        body.personId()))
                .chain(() -> decisions.decide(() -> waitlists.accept(household, requestId, body.personId(), offerId)))
                .map(outcome -> outcome == null ? bookingPending(requestId) : respond(requestId, outcome));
    }

    /** An acceptance is a booking: its outcome is kept with the others, at the status URL of appointments. */
    private static Response bookingPending(String requestId) {
        URI status = URI.create("/appointments/requests/" + requestId);
        return Response.accepted(new BookingAnswers.Pending(requestId, "PENDING", status.toString())).location(status).build();
    }

    /** Asked before {@link Decisions#decide} opens its session: the claim takes a connection of its own (IdempotencyKeys). */
    private Uni<Void> sameRequest(String key, String requestId, String fingerprint) {
        return key == null ? Uni.createFrom().voidItem() : idempotencyKeys.claim(requestId, fingerprint);
    }

    private String requestId(String key) {
        return DerivedIds.of("request", caller.household(), key != null ? key : UUID.randomUUID().toString());
    }

    private Response respond(String requestId, SpecificRecord outcome) {
        return switch (outcome) {
            case null -> Response.accepted(new Pending(requestId, "PENDING")).build();
            case WaitlistJoined e -> Response.status(Response.Status.CREATED).entity(new Place(e.getPersonId(), e.getClinicId(),
                    e.getService(), e.getDate(), e.getPosition(), "WAITING", null)).build();
            case WaitlistLeft e -> Response.ok(new Place(e.getPersonId(), e.getClinicId(), e.getService(), e.getDate(), null,
                    "LEFT", e.getOfferId())).build();
            case AppointmentBooked e -> Response.created(URI.create("/appointments/" + e.getAppointmentId()))
                    .entity(AppointmentView.of(projection.project(null, e))).build();
            case BookingRejected e -> Problem.of(Response.Status.CONFLICT, e.getReason().name().toLowerCase().replace('_', '-'),
                            "The request was not carried out", e.getDetail())
                    .with("reason", e.getReason().name()).with("requestId", requestId).toResponse();
            default -> throw new IllegalStateException("Unexpected outcome " + outcome.getClass().getSimpleName());
        };
    }
}
