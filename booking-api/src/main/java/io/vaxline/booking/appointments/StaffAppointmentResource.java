package io.vaxline.booking.appointments;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicRequests;
import io.vaxline.booking.people.Households;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.Problem;
import io.vaxline.problems.StateConflict;
import io.vaxline.problems.openapi.ContractModel;
import io.vaxline.problems.openapi.ProblemSchema;
import io.vaxline.schemas.DerivedIds;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Clinic staff cancel one person's appointment at their clinic, saying why: the reason travels on the
 * cancellation (CancelAppointment, then AppointmentCancelled) into the text the person gets.
 */
@Path("/clinics/{clinicId}/appointments/{appointmentId}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Tokens.ADMIN, Tokens.CLINIC })
@Tag(name = "Clinic day", description = "The clinic's roster and its vaccination uploads")
public class StaffAppointmentResource {

    public record StaffCancel(@NotBlank @Size(min = 3, max = 200) String reason) {
    }

    /** A new slot at the same clinic for one person's appointment, and why it moves. */
    public record StaffMove(
            @NotNull @jakarta.validation.constraints.Future(message = "must be a slot start in the future") java.time.Instant slotStart,
            @NotBlank @Size(min = 3, max = 200) String reason) {
    }

    @Inject
    Caller caller;

    @Inject
    Bookings bookings;

    @Inject
    Decisions decisions;

    @Inject
    Households households;

    @Inject
    BookingReplies replies;

    @GET
    @WithSession
    @Operation(operationId = "getClinicAppointment", summary = "One appointment at the clinic")
    @APIResponse(responseCode = "200", description = "The appointment")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The clinic has no such appointment")
    public Uni<AppointmentView> get(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @PathParam("appointmentId") @Size(max = 64) String appointmentId) {
        caller.requireClinic(clinicId);
        return atClinic(clinicId, appointmentId).map(AppointmentView::of);
    }

    @POST
    @Path("/cancellation")
    @RolesAllowed({ Tokens.ADMIN, Tokens.CLINIC, Tokens.CANCELLER })
    @Operation(operationId = "cancelForPerson", summary = "Cancel a person's appointment at the clinic; the person is texted the reason")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Cancelled.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: read the appointment again in a moment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The clinic has no such appointment")
    @APIResponse(responseCode = "409", description = "Already cancelled, or not carried out",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe")
    public Uni<Response> cancel(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @PathParam("appointmentId") @Size(max = 64) String appointmentId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @Valid @NotNull StaffCancel body) {
        if (!caller.isCanceller()) {
            caller.requireClinic(clinicId);
        }
        String requestId = DerivedIds.of("request", "clinic", clinicId, appointmentId, key != null ? key : UUID.randomUUID().toString());
        return decisions.decide(() -> atClinic(clinicId, appointmentId).invoke(a -> {
            if (Appointment.CANCELLED.equals(a.status)) {
                throw new StateConflict("appointment-cancelled", "The appointment is cancelled", "the appointment is already cancelled");
            }
        }).chain(a -> households.person(a.personId))
                .chain(person -> bookings.cancel(person, requestId, appointmentId, body.reason().strip())))
                .map(result -> replies.respond(requestId, result, "/clinics/" + clinicId + "/appointments/" + appointmentId));
    }

    @POST
    @Path("/move")
    @Operation(operationId = "moveForPerson", summary = "Move a person's appointment to another slot of the clinic; the person is texted the reason")
    @APIResponse(responseCode = "200", description = "Moved; the appointment keeps its id and its confirmation code",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: read the appointment again in a moment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The clinic has no such appointment")
    @APIResponse(responseCode = "409", description = "Not carried out (cancelled, the slot full, the dose series...); `reason` says why "
            + "and, when the slot was taken, `availability` lists the day's free slots now; the appointment stays where it was",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe")
    public Uni<Response> move(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @PathParam("appointmentId") @Size(max = 64) String appointmentId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @Valid @NotNull StaffMove body) {
        caller.requireClinic(clinicId);
        String requestId = DerivedIds.of("request", "clinic", clinicId, "move", appointmentId,
                key != null ? key : UUID.randomUUID().toString());
        return decisions.decide(() -> atClinic(clinicId, appointmentId).invoke(a -> {
            if (Appointment.CANCELLED.equals(a.status)) {
                throw new StateConflict("appointment-cancelled", "The appointment is cancelled", "the appointment is cancelled and cannot move");
            }
        }).chain(a -> households.person(a.personId))
                .chain(person -> bookings.move(person, requestId, appointmentId, clinicId, body.slotStart(), body.reason().strip())))
                .map(result -> replies.respond(requestId, result, "/clinics/" + clinicId + "/appointments/" + appointmentId));
    }

    private Uni<Appointment> atClinic(String clinicId, String appointmentId) {
        return bookings.current(appointmentId).map(a -> {
            if (a == null || !clinicId.equals(a.clinicId)) {
                throw new NotFoundException("Clinic " + clinicId + " has no appointment " + appointmentId);
            }
            return a;
        });
    }
}
