package io.vaxline.booking.clinics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.appointments.Appointment;
import io.vaxline.booking.platform.EventPublisher;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.commands.CheckInAppointment;
import io.vaxline.commands.MarkAppointmentMissed;
import io.vaxline.problems.StateConflict;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What staff record at the clinic's door: a person checked in, or an appointment missed. booking-api
 * checks what it can from its read model (the appointment is the clinic's, booked, today; a no-show's
 * slot has started and no dose was given) and sends the command to the clinic ledger, which decides on
 * the seat it keeps and answers on booking-events; the roster shows the answer once it is read back.
 */
@Path("/clinics/{clinicId}/appointments/{appointmentId}")
@RolesAllowed({Tokens.ADMIN, Tokens.CLINIC})
@Tag(name = "Clinic day", description = "The clinic's roster and its vaccination uploads")
public class ClinicDoorResource {

    /** The command is on its way to the clinic ledger; the roster shows its outcome within a moment. */
    public record DoorMark(@Schema(required = true) String clinicId, @Schema(required = true) String appointmentId,
            @Schema(required = true, enumeration = { "CHECKING_IN", "MARKING_MISSED" }) String status) {
    }

    @Inject
    Caller caller;

    @Inject
    JsonWebToken token;

    @Inject
    ClinicDirectory clinics;

    @Inject
    EventPublisher publisher;

    @POST
    @Path("/check-in")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(operationId = "checkIn", summary = "Check in a person who arrived for today's appointment")
    @APIResponse(responseCode = "202", description = "Sent to the clinic ledger; the roster shows the check-in within a moment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DoorMark.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such appointment at this clinic")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Cancelled, not today, or marked missed")
    public Uni<Response> checkIn(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @PathParam("appointmentId") @Pattern(regexp = ClinicRequests.ID) String appointmentId) {
        caller.requireClinic(clinicId);
        return today(clinicId, appointmentId).chain(appointment -> {
            if (appointment.missedAt != null) {
                throw new StateConflict("Appointment " + appointmentId + " was marked missed");
            }
            return publisher.capacity(clinicId, CheckInAppointment.newBuilder()
                    .setCommandId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now())
                    .setClinicId(clinicId)
                    .setAppointmentId(appointmentId)
                    .setStaff(token.getSubject())
                    .build());
        }).replaceWith(Response.accepted(new DoorMark(clinicId, appointmentId, "CHECKING_IN")).build());
    }

    @POST
    @Path("/no-show")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(operationId = "markNoShow", summary = "Mark today's appointment missed once its slot has started",
            description = "Its dose is free to promise again. Appointments without check-in or dose are marked "
                    + "missed by the clinic ledger anyway once their session has ended.")
    @APIResponse(responseCode = "202", description = "Sent to the clinic ledger; the roster shows it within a moment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DoorMark.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such appointment at this clinic")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT,
            description = "Cancelled, not today, not started yet, or the dose was given")
    public Uni<Response> markNoShow(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @PathParam("appointmentId") @Pattern(regexp = ClinicRequests.ID) String appointmentId) {
        caller.requireClinic(clinicId);
        return today(clinicId, appointmentId).chain(appointment -> {
            if (appointment.slotStart.isAfter(Instant.now())) {
                throw new StateConflict("The appointment starts at " + appointment.slotStart.atZone(zoneOf(clinicId))
                        .toLocalTime() + " (clinic time): it cannot be missed before its slot has started");
            }
            if (appointment.attendedAt != null) {
                throw new StateConflict("Appointment " + appointmentId + " was not missed: its dose was given");
            }
            return publisher.capacity(clinicId, MarkAppointmentMissed.newBuilder()
                    .setCommandId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now())
                    .setClinicId(clinicId)
                    .setAppointmentId(appointmentId)
                    .setStaff(token.getSubject())
                    .build());
        }).replaceWith(Response.accepted(new DoorMark(clinicId, appointmentId, "MARKING_MISSED")).build());
    }

    private ZoneId zoneOf(String clinicId) {
        return ZoneId.of(clinics.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId)).timeZone());
    }

    /** The clinic's booked appointment of today (the clinic's date), or the problem that says why not. */
    private Uni<Appointment> today(String clinicId, String appointmentId) {
        ZoneId zone = zoneOf(clinicId);
        return Appointment.<Appointment>findById(appointmentId).map(appointment -> {
            if (appointment == null || !clinicId.equals(appointment.clinicId)) {
                throw new NotFoundException("No appointment " + appointmentId + " at clinic " + clinicId);
            }
            if (!Appointment.BOOKED.equals(appointment.status)) {
                throw new StateConflict("Appointment " + appointmentId + " is " + appointment.status.toLowerCase());
            }
            LocalDate day = appointment.slotStart.atZone(zone).toLocalDate();
            LocalDate today = LocalDate.now(zone);
            if (!day.equals(today)) {
                throw new StateConflict("Appointment " + appointmentId + " is on " + day + ", not today (" + today + ")");
            }
            return appointment;
        });
    }
}
