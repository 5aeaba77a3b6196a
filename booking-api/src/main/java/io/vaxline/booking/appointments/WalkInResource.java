package io.vaxline.booking.appointments;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicDirectory;
import io.vaxline.booking.clinics.ClinicRequests;
import io.vaxline.booking.people.Households;
import io.vaxline.booking.people.Person;
import io.vaxline.booking.people.PhoneNumber;
import io.vaxline.booking.people.PhoneNumbers;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.Problem;
import io.vaxline.problems.ProblemException;
import io.vaxline.problems.openapi.ContractModel;
import io.vaxline.problems.openapi.ProblemSchema;
import io.vaxline.schemas.DerivedIds;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Walk-ins: clinic staff register a person who came to the door without an appointment (or find them: the
 * household of their phone, by name and birth year) and seat them in the session running now. The seat is
 * decided by scheduler-stream as for any booking (RegisterWalkIn on booking-commands: the person guard's dose
 * series, the clinic ledger's capacity), and the appointment it gives is checked in at once; the dose is then
 * recorded from the roster as for any appointment.
 */
@Path("/clinics/{clinicId}/walk-ins")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Tokens.ADMIN, Tokens.CLINIC })
@Tag(name = "Clinic day", description = "The clinic's roster and its vaccination uploads")
public class WalkInResource {

    @Schema(description = "A person at the clinic's door: either `personId` of someone already registered, or `phone`, "
            + "`name` and `birthYear` (the person is found in the phone's household by name and birth year, or registered there)")
    public record WalkIn(
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be a person id") String personId,
            @PhoneNumber String phone,
            @Size(max = 200) String name,
            @Min(1900) @Max(2100) Integer birthYear,
            @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en or sv") String language,
            @NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String service) {
    }

    @Inject
    Caller caller;

    @Inject
    JsonWebToken token;

    @Inject
    Bookings bookings;

    @Inject
    Decisions decisions;

    @Inject
    Households households;

    @Inject
    ClinicDirectory clinics;

    @Inject
    BookingReplies replies;

    @POST
    @Operation(operationId = "registerWalkIn", summary = "Register a person at the door and seat them in the session running now",
            description = "The person guard applies the dose series (the next dose due, as for a booking) and the clinic ledger "
                    + "seats the person in the slot under way or the first later slot of the session with a free seat; the "
                    + "appointment is checked in at once. A session without a free seat for the rest of it refuses (409 SLOT_FULL), "
                    + "as does a clinic with no session of the service running (409 NO_SUCH_SLOT).")
    @APIResponse(responseCode = "201", description = "Seated: the appointment, checked in; record the dose from the roster",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AppointmentView.class)))
    @APIResponse(responseCode = "202", description = "Taken; the outcome is not known yet: send the same request (same Idempotency-Key) again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BookingAnswers.Pending.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic, or no such person")
    @APIResponse(responseCode = "409", description = "Not seated; `reason` says why (SLOT_FULL, NO_SUCH_SLOT, DOSE_NOT_DUE, "
            + "OUT_OF_STOCK, NOT_ELIGIBLE, ALREADY_BOOKED, household-full...)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(allOf = { ProblemSchema.class, BookingAnswers.ConflictMembers.class })))
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "Makes repeating the request safe: the same key at "
            + "the same clinic seats the person once and answers the same")
    public Uni<Response> register(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @HeaderParam("Idempotency-Key") @Pattern(regexp = AppointmentResource.KEY, message = AppointmentResource.KEY_MESSAGE) String key,
            @Valid @NotNull WalkIn body) {
        caller.requireClinic(clinicId);
        if (clinics.find(clinicId).isEmpty()) {
            throw new NotFoundException("No clinic " + clinicId);
        }
        boolean byId = body.personId() != null && !body.personId().isBlank();
        if (!byId) {
            List<Problem.FieldError> missing = new ArrayList<>();
            if (body.phone() == null || body.phone().isBlank()) {
                missing.add(new Problem.FieldError("phone", "must not be blank (or give personId)"));
            }
            if (body.name() == null || body.name().isBlank()) {
                missing.add(new Problem.FieldError("name", "must not be blank (or give personId)"));
            }
            if (body.birthYear() == null) {
                missing.add(new Problem.FieldError("birthYear", "must not be null (or give personId)"));
            }
            if (!missing.isEmpty()) {
                throw new FieldErrors(missing);
            }
        }
        String requestId = DerivedIds.of("request", "clinic", clinicId, "walk-in", key != null ? key : UUID.randomUUID().toString());
        Supplier<Uni<Person>> person = () -> byId
                ? households.person(body.personId()).map(found -> {
                    if (found == null) {
                        throw new NotFoundException("There is no person " + body.personId());
                    }
                    return found;
                })
                : households.atTheDoor(PhoneNumbers.e164(body.phone()), new Households.NewPerson(body.name().strip(),
                        body.birthYear(), null, null, null, null, body.language() == null ? "en" : body.language(), null));
        String staff = token.getSubject();
        return decisions.decide(() -> person.get()
                        .onFailure(Households.HouseholdFullException.class).transform(e -> new HouseholdFull(e.getMessage()))
                        .chain(p -> bookings.walkIn(p, requestId, clinicId, body.service(), staff)))
                .map(result -> replies.respond(requestId, result, "/clinics/" + clinicId + "/walk-ins"));
    }

    /** The phone's household has no room for the person: a 409 with a `reason`, as every 409 of this operation. */
    static final class HouseholdFull extends io.vaxline.problems.StateConflict {
        HouseholdFull(String message) {
            super("household-full", "The household is full", message);
        }

        @Override
        public Problem toProblem() {
            return super.toProblem().with("reason", "OTHER");
        }
    }

    /** Several fields wrong at once: one 422 naming each. */
    static final class FieldErrors extends ProblemException {
        private final List<Problem.FieldError> errors;

        FieldErrors(List<Problem.FieldError> errors) {
            super(422, Problem.INVALID_REQUEST, "The request is not valid", errors.size() + " fields are invalid");
            this.errors = errors;
        }

        @Override
        public Problem toProblem() {
            return Problem.invalid(status(), title(), errors);
        }
    }
}
