package io.vaxline.booking.appointments;

import java.time.Instant;
import java.util.UUID;

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
import io.vaxline.problems.Problem;
import io.vaxline.problems.ProblemException;
import io.vaxline.problems.StateConflict;
import io.vaxline.problems.openapi.ContractModel;
import io.vaxline.problems.openapi.ProblemSchema;
import io.vaxline.schemas.AppointmentLinks;
import io.vaxline.schemas.AppointmentLinks.Link;
import io.vaxline.schemas.AppointmentLinks.Purpose;
import io.vaxline.schemas.DerivedIds;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The signed links of confirmation and reminder texts: each cancels, or moves, one appointment without
 * a login, until it expires ({@link AppointmentLinks}; the notifier makes them). The token is the only
 * credential, so it is checked on every call: made with our key and unchanged, not expired, for this
 * purpose, and for the appointment the caller names (the page posts the id of the appointment it showed,
 * so a link is never carried out on anything but what the person saw). Each refusal is a problem saying
 * which check failed. The appointment shown carries no name, phone or confirmation code: a forwarded
 * link tells its reader only the time and place.
 */
@Path("/appointment-links/{token}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Appointment links", description = "Cancel or move one appointment with the signed link texted to its holder")
public class AppointmentLinkResource {

    static final String TOKEN = "[A-Za-z0-9_-]{1,100}";

    /** What a link is for and the appointment it names. */
    @Schema(name = "AppointmentLink")
    public record LinkView(@Schema(required = true, enumeration = { "CANCEL", "RESCHEDULE" }) String purpose,
            @Schema(required = true) Instant expiresAt,
            @Schema(required = true) LinkedAppointment appointment) {
    }

    @Schema(name = "LinkedAppointment", description = "The appointment a link names, without personal data")
    public record LinkedAppointment(String appointmentId, String status, String clinicId, String service, Instant slotStart,
            Instant slotEnd, String timeZone, int doseNumber) {
        static LinkedAppointment of(Appointment a) {
            return new LinkedAppointment(a.appointmentId, a.status, a.clinicId, a.service, a.slotStart, a.slotEnd,
                    a.timeZone, a.doseNumber);
        }
    }

    public record Cancel(@NotBlank @Size(max = 64) String appointmentId) {
    }

    public record Move(@NotBlank @Size(max = 64) String appointmentId,
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String clinicId,
            @NotNull Instant slotStart) {
    }

    @Inject
    AppointmentLinks links;

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
    @Operation(operationId = "getAppointmentLink", summary = "What a texted link may do, and to which appointment")
    @APIResponse(responseCode = "200", description = "The link holds")
    @APIResponse(responseCode = "403", ref = ContractModel.FORBIDDEN, description = "Not a link Vaxline made, or changed (`link-invalid`)")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The appointment is not known")
    @APIResponse(responseCode = "410", description = "The link has expired (`link-expired`) or the appointment has begun",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    public Uni<LinkView> read(@PathParam("token") @Pattern(regexp = TOKEN) String token) {
        Link link = verified(token);
        return appointment(link, false).map(a -> new LinkView(link.purpose().name(), link.expiresAt(), LinkedAppointment.of(a)));
    }

    @POST
    @Path("/cancel")
    @Operation(operationId = "cancelByLink", summary = "Cancel the appointment a cancellation link names")
    @APIResponse(responseCode = "200", description = "Cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Cancelled.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: read the link again in a moment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "403", ref = ContractModel.FORBIDDEN, description = "Not a link Vaxline made or changed (`link-invalid`), "
            + "made for another appointment (`link-other-appointment`) or for moving it (`link-wrong-purpose`)")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The appointment is not known")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Already cancelled, or not carried out")
    @APIResponse(responseCode = "410", description = "The link has expired (`link-expired`) or the appointment has begun",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe")
    public Uni<Response> cancel(@PathParam("token") @Pattern(regexp = TOKEN) String token,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @Valid @NotNull Cancel body) {
        Link link = permitted(token, Purpose.CANCEL, body.appointmentId());
        String requestId = requestId(link, key);
        return decisions.decide(() -> appointment(link, true).chain(a -> households.person(a.personId))
                .chain(person -> bookings.cancel(person, requestId, link.appointmentId(), "cancelled by the person with the texted link")))
                .map(result -> replies.respond(requestId, result, "/appointment-links/" + token));
    }

    @POST
    @Path("/reschedule")
    @Operation(operationId = "rescheduleByLink", summary = "Move the appointment a rescheduling link names to another slot")
    @APIResponse(responseCode = "200", description = "Moved; the appointment keeps its id and its confirmation code",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: read the link again in a moment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "403", ref = ContractModel.FORBIDDEN, description = "Not a link Vaxline made or changed (`link-invalid`), "
            + "made for another appointment (`link-other-appointment`) or for cancelling it (`link-wrong-purpose`)")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The appointment or the clinic is not known")
    @APIResponse(responseCode = "409", description = "Not carried out; `reason` says why and, when the slot was taken, "
            + "`availability` lists the day's free slots now", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @APIResponse(responseCode = "410", description = "The link has expired (`link-expired`) or the appointment has begun",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = ProblemSchema.class)))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe")
    public Uni<Response> reschedule(@PathParam("token") @Pattern(regexp = TOKEN) String token,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @Valid @NotNull Move body) {
        Link link = permitted(token, Purpose.RESCHEDULE, body.appointmentId());
        String requestId = requestId(link, key);
        return decisions.decide(() -> appointment(link, true).chain(a -> households.person(a.personId))
                .chain(person -> bookings.move(person, requestId, link.appointmentId(), body.clinicId(), body.slotStart())))
                .map(result -> replies.respond(requestId, result, "/appointment-links/" + token));
    }

    private Link permitted(String token, Purpose purpose, String appointmentId) {
        Link link = verified(token);
        if (!link.appointmentId().equals(appointmentId)) {
            throw new ProblemException(403, "link-other-appointment", "The link is for another appointment",
                    "this link was made for one appointment and cannot act on " + appointmentId);
        }
        if (link.purpose() != purpose) {
            throw new ProblemException(403, "link-wrong-purpose", "The link cannot do that",
                    "this link " + (link.purpose() == Purpose.CANCEL ? "cancels" : "moves") + " the appointment; it cannot "
                            + (purpose == Purpose.CANCEL ? "cancel" : "move") + " it");
        }
        return link;
    }

    private Link verified(String token) {
        Link link;
        try {
            link = links.verify(token);
        } catch (AppointmentLinks.InvalidLinkException e) {
            throw new ProblemException(403, "link-invalid", "The link is not valid", e.getMessage());
        }
        if (link.expiredAt(Instant.now())) {
            throw new ProblemException(410, "link-expired", "The link has expired",
                    "the link worked until " + link.expiresAt() + "; log in to change the appointment");
        }
        return link;
    }

    /** The appointment as it is now; one that has begun, or (to act on it) one cancelled, can no longer be changed by link. */
    private Uni<Appointment> appointment(Link link, boolean toChange) {
        return bookings.current(link.appointmentId()).map(a -> {
            if (a == null) {
                throw new NotFoundException("No appointment " + link.appointmentId());
            }
            if (!a.slotStart.isAfter(Instant.now())) {
                throw new ProblemException(410, "appointment-begun", "The appointment has begun",
                        "the appointment began at " + a.slotStart + "; it can no longer be changed");
            }
            return a;
        }).invoke(a -> {
            if (toChange && Appointment.CANCELLED.equals(a.status)) {
                throw new StateConflict("appointment-cancelled", "The appointment is cancelled",
                        "the appointment is already cancelled; book a new one if you need it");
            }
        });
    }

    /** One request per link and key: a second tap on the same button is the same request. */
    private static String requestId(Link link, String key) {
        return DerivedIds.of("request", "link", link.appointmentId(), key != null ? key : UUID.randomUUID().toString());
    }
}
