package io.vaxline.booking.people;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Past;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.appointments.Appointment;
import io.vaxline.booking.appointments.AppointmentProjection;
import io.vaxline.booking.appointments.AppointmentView;
import io.vaxline.booking.appointments.BookingOutcomes;
import io.vaxline.booking.clinics.ClinicRequests;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.Problem;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's household: its people, their appointments, and a fresh token naming them all. */
@Path("/me")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Tokens.PERSON)
@Tag(name = "Household", description = "The people a phone number books for, and their appointments")
public class MeResource {

    @Inject
    BookingOutcomes outcomes;

    @Inject
    AppointmentProjection projection;

    public record NewPerson(
            @NotBlank @Size(max = 200) String name,
            @NotNull @Min(1900) @Max(2100) Integer birthYear,
            @Past LocalDate birthDate,
            @Size(min = 4, max = 32) @Pattern(regexp = "[A-Za-z0-9 -]+", message = "must be letters, digits, spaces or dashes") String idNumber,
            @Size(max = 20) List<@NotBlank @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String> conditions,
            @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String occupation,
            @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en or sv") String language,
            @Email @Size(max = 320) String email) {
    }

    @Schema(description = "A correction of a person's details: only the fields sent change")
    public record PersonCorrection(
            @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
            @Min(1900) @Max(2100) Integer birthYear,
            @Past LocalDate birthDate,
            @Schema(description = "The e-mail address; an empty string removes it") @Email @Size(max = 320) String email,
            @Pattern(regexp = "[a-z]{2}", message = "must be a two-letter language code such as en or sv") String language,
            @Schema(description = "Why, in the person's words; printed in the old certificate's revocation") @Size(max = 300) String reason) {
    }

    @Inject
    Eligibility eligibility;

    @Inject
    Caller caller;

    @Inject
    Households households;

    @Inject
    Tokens tokens;

    @GET
    @Path("/people")
    @WithSession
    @Operation(operationId = "listPeople", summary = "The household's people")
    @APIResponse(responseCode = "200", description = "The people, with what each may book")
    public Uni<List<PersonView>> people() {
        return households.people(caller.household()).map(people -> people.stream().map(p -> PersonView.of(p, eligibility)).toList());
    }

    @POST
    @Path("/people")
    @Operation(operationId = "addPerson", summary = "Add a person to the household")
    @APIResponse(responseCode = "201", description = "Added; refresh the token (POST /me/token) to book for them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "The household is not known (log in again)")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "The household is full (household-full)")
    public Uni<Response> addPerson(@Valid @NotNull NewPerson body) {
        return households.add(caller.household(), new Households.NewPerson(body.name(), body.birthYear(), body.birthDate(),
                        body.idNumber(), body.conditions(), body.occupation(), body.language(), body.email()))
                .map(person -> Response.status(Response.Status.CREATED).entity(PersonView.of(person, eligibility)).build());
    }

    @POST
    @Path("/people/{personId}/corrections")
    @Operation(operationId = "correctPerson", summary = "Correct a person's name, birth year or date, e-mail address or language",
            description = "Only the fields sent change. A changed name or birth year or date is published as PersonCorrected "
                    + "(certificates carrying the old details are re-issued and the old ones revoked), a changed e-mail address "
                    + "or language as ContactChanged. The phone number is the household's and is not corrected here.")
    @APIResponse(responseCode = "200", description = "The person as corrected",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such person in the caller's household")
    public Uni<PersonView> correctPerson(
            @jakarta.ws.rs.PathParam("personId") @Pattern(regexp = ClinicRequests.ID, message = ClinicRequests.ID_MESSAGE) String personId,
            @Valid @NotNull PersonCorrection body) {
        return households.correct(caller.household(), personId, new Households.Correction(body.name(), body.birthYear(),
                body.birthDate(), body.email(), body.language(), body.reason())).map(person -> PersonView.of(person, eligibility));
    }

    /**
     * A new token that names every person of the household, including people added since login, in the
     * same session: renewing never extends a session past its maximum from the login with a code.
     */
    @POST
    @Path("/token")
    @Consumes(MediaType.WILDCARD)
    @WithSession
    @Operation(operationId = "refreshToken", summary = "A new token naming everyone in the household",
            description = "The new token belongs to the same session as the one sent (its `auth_time`, when the person logged in "
                    + "with a one-time code) and expires no later than the session's maximum (12 hours by default). "
                    + "After that the answer is 401 `session-expired`: log in again with a new code.")
    @APIResponse(responseCode = "200", description = "The new token")
    @APIResponse(responseCode = "401", description = "No valid token (`unauthenticated`), or the session is older than its maximum "
            + "(`session-expired`); `detail` says to log in again with a one-time code (POST /otp, then POST /otp/verify)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = ContractModel.PROBLEM)))
    public Uni<Tokens.Issued> refresh() {
        Instant loggedIn = tokens.renewable(caller.authTime());
        return households.people(caller.household())
                .map(people -> tokens.person(caller.household(), people.stream().map(p -> p.personId).toList(), loggedIn));
    }

    @GET
    @Path("/appointments")
    @WithSession
    @Operation(operationId = "listHouseholdAppointments", summary = "Every appointment of the household's people, soonest first")
    @APIResponse(responseCode = "200", description = "The appointments, booked and cancelled")
    public Uni<List<AppointmentView>> appointments() {
        return households.people(caller.household()).chain(people -> {
            List<String> personIds = people.stream().map(p -> p.personId).toList();
            return (personIds.isEmpty() ? Uni.createFrom().item(List.<Appointment>of())
                    : Appointment.<Appointment>list("personId in ?1", personIds))
                    .map(stored -> {
                        // Outcomes the projection has not stored yet are shown as the caller was told them.
                        Map<String, Appointment> current = new HashMap<>();
                        stored.forEach(a -> current.put(a.appointmentId, a));
                        outcomes.latestOf(personIds).forEach((appointmentId, event) -> current.put(appointmentId,
                                projection.project(current.get(appointmentId), event)));
                        return current.values().stream()
                                .sorted(Comparator.comparing((Appointment a) -> a.slotStart)
                                        .thenComparing(a -> a.appointmentId))
                                .map(AppointmentView::of).toList();
                    });
        });
    }
}
