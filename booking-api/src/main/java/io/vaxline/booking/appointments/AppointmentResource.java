package io.vaxline.booking.appointments;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.people.Households;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.Problem;
import io.vaxline.problems.openapi.ContractModel;
import io.vaxline.problems.openapi.ProblemSchema;
import io.vaxline.schemas.DerivedIds;

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
 * A household's appointments. Each change is a request with an id: the Idempotency-Key header (or
 * one made here), scoped to the caller's household, so repeating a request never books twice and
 * nobody can read another household's outcome by guessing its key. A key is bound to the request it
 * came with first ({@link IdempotencyKeys}): sent again with another request it is refused. Answers: 201/200 with the
 * appointment, 409 with the reason (and the day's free slots), or 202 with a URL to ask again.
 */
@Path("/appointments")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.PERSON)
@Tag(name = "Appointments", description = "Booking, moving and cancelling a household's appointments")
public class AppointmentResource {

    static final String KEY = "[A-Za-z0-9][A-Za-z0-9._:-]{7,127}";
    static final String KEY_MESSAGE = "must be 8-128 letters, digits, '.', '_', ':' or '-'";

    @Inject
    Caller caller;

    @Inject
    Bookings bookings;

    @Inject
    Decisions decisions;

    @Inject
    AppointmentProjection projection;

    @Inject
    BookingReplies replies;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    BookingOutcomes outcomes;

    @Inject
    Households households;

    @POST
    @Operation(operationId = "bookAppointment", summary = "Book a slot for a person of the household")
    @APIResponse(responseCode = "201", description = "Booked", headers = @Header(name = "Location",
            description = "The appointment", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: ask the Location (statusUrl) again",
            headers = @Header(name = "Location", description = "The request's status URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such person in the household, or no such clinic")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` says why and, when the slot was taken, "
            + "`availability` lists the day's free slots now", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe: the same key in the same household "
            + "gets the same outcome and never books twice; sent with a different request it is refused (422). "
            + "8-128 letters, digits, '.', '_', ':' or '-'.")
    public Uni<Response> book(@HeaderParam("Idempotency-Key") @Pattern(regexp = KEY, message = KEY_MESSAGE) String key,
            @Valid @NotNull AppointmentRequests.Book body) {
        String requestId = requestId(key);
        // 0: the next dose due, which scheduler-stream decides from the series and the person's doses.
        int dose = body.doseNumber() == null ? 0 : body.doseNumber();
        String household = caller.household();
        return sameRequest(key, requestId, IdempotencyKeys.fingerprint("book", body.personId(),
                        body.clinicId(), body.service(), body.slotStart(), dose, body.followUpSlotStart()))
                .chain(() -> decisions.decide(() -> bookings.book(household, requestId, body.personId(), body.clinicId(),
                        body.service(), body.slotStart(), dose, body.followUpSlotStart())))
                .map(result -> respond(requestId, result));
    }

    @GET
    @Path("/{appointmentId}")
    @WithSession
    @Operation(operationId = "getAppointment", summary = "One of the household's appointments")
    @APIResponse(responseCode = "200", description = "The appointment")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The household has no such appointment")
    public Uni<AppointmentView> get(@PathParam("appointmentId") @Size(max = 64) String appointmentId) {
        return bookings.ownedAppointment(caller.household(), appointmentId)
                .map(owned -> AppointmentView.of(owned.appointment()));
    }

    @PUT
    @Path("/{appointmentId}")
    @Operation(operationId = "rescheduleAppointment", summary = "Move an appointment to another slot (same or another clinic)")
    @APIResponse(responseCode = "200", description = "Moved; the appointment keeps its id and its confirmation code",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: ask the Location (statusUrl) again",
            headers = @Header(name = "Location", description = "The request's status URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The household has no such appointment, or no such clinic")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` says why and, when the slot was taken, "
            + "`availability` lists the day's free slots now", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe: the same key in the same household "
            + "gets the same outcome and never books twice; sent with a different request it is refused (422). "
            + "8-128 letters, digits, '.', '_', ':' or '-'.")
    public Uni<Response> reschedule(@PathParam("appointmentId") @Size(max = 64) String appointmentId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = KEY, message = KEY_MESSAGE) String key,
            @Valid @NotNull AppointmentRequests.Move body) {
        String requestId = requestId(key);
        String household = caller.household();
        return sameRequest(key, requestId, IdempotencyKeys.fingerprint("reschedule", appointmentId,
                        body.clinicId(), body.slotStart()))
                .chain(() -> decisions.decide(() -> bookings.reschedule(household, requestId, appointmentId, body.clinicId(),
                        body.slotStart())))
                .map(result -> respond(requestId, result));
    }

    @DELETE
    @Path("/{appointmentId}")
    @Operation(operationId = "cancelAppointment", summary = "Cancel an appointment; its seat is free again")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Cancelled.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: ask the Location (statusUrl) again",
            headers = @Header(name = "Location", description = "The request's status URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The household has no such appointment")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` says why and, when the slot was taken, "
            + "`availability` lists the day's free slots now", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe: the same key in the same household "
            + "gets the same outcome and never books twice; sent with a different request it is refused (422). "
            + "8-128 letters, digits, '.', '_', ':' or '-'.")
    public Uni<Response> cancel(@PathParam("appointmentId") @Size(max = 64) String appointmentId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = KEY, message = KEY_MESSAGE) String key,
            @QueryParam("reason") @Size(max = 200) String reason) {
        String requestId = requestId(key);
        // The reason is only told to the clinic: a repeat that words it differently is still the same cancellation.
        String household = caller.household();
        return sameRequest(key, requestId, IdempotencyKeys.fingerprint("cancel", appointmentId))
                .chain(() -> decisions.decide(() -> bookings.cancel(household, requestId, appointmentId, reason)))
                .map(result -> respond(requestId, result));
    }

    /** The outcome of a request, for a caller who got 202 or lost the answer. */
    @GET
    @Path("/requests/{requestId}")
    @WithSession
    @Operation(operationId = "getBookingRequest", summary = "The outcome of a request that was answered 202 (or whose answer was lost)")
    @APIResponse(responseCode = "200", description = "Carried out (moved or cancelled): the appointment as it is now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "201", description = "Carried out: the appointment booked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No outcome yet (ask again in a moment), or not the household's request")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` says why and, when the slot was taken, "
            + "`availability` lists the day's free slots now", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    public Uni<Response> outcome(@PathParam("requestId") @Size(max = 128) String requestId) {
        NotFoundException unknown = new NotFoundException("No outcome is known for request " + requestId
                + " yet. If you just sent it, ask again in a moment.");
        // An outcome of the last minutes may not be stored yet: the caller was answered before the projection wrote it.
        return BookingRequest.<BookingRequest>findById(requestId)
                .map(stored -> stored != null ? stored : AppointmentProjection.requestOf(outcomes.recent(requestId)))
                .chain(request -> {
                    if (request == null) {
                        throw unknown;
                    }
                    return households.person(request.personId).map(person -> {
                        if (person == null || !person.householdId.equals(caller.household())) {
                            throw unknown;
                        }
                        return request;
                    });
                }).chain(request -> request.appointmentId == null ? Uni.createFrom().item(rejected(request))
                        : bookings.current(request.appointmentId).map(a -> settled(request, a)));
    }

    /**
     * A key the client sent comes back only with the request it was first sent with; a key made here is new. Asked
     * before {@link Decisions#decide} opens its session: the claim takes a connection of its own (IdempotencyKeys).
     */
    private Uni<Void> sameRequest(String key, String requestId, String fingerprint) {
        return key == null ? Uni.createFrom().voidItem() : idempotencyKeys.claim(requestId, fingerprint);
    }

    private String requestId(String key) {
        String clientKey = key != null ? key : UUID.randomUUID().toString();
        return DerivedIds.of("request", caller.household(), clientKey);
    }

    private Response respond(String requestId, Bookings.Result result) {
        return replies.respond(requestId, result, "/appointments/requests/" + requestId);
    }

    private static Response rejected(BookingRequest request) {
        return Problem.of(Response.Status.CONFLICT, request.reason == null ? "rejected"
                                : request.reason.toLowerCase().replace('_', '-'), "The request was not carried out",
                        request.detail)
                .with("reason", request.reason).with("requestId", request.requestId).toResponse();
    }

    private static Response settled(BookingRequest request, Appointment appointment) {
        int status = "BOOKED".equals(request.outcome) ? 201 : 200;
        return Response.status(status).entity(AppointmentView.of(appointment)).build();
    }
}
