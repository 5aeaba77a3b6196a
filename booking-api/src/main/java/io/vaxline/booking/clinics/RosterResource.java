package io.vaxline.booking.clinics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.appointments.Appointment;
import io.vaxline.booking.people.Person;
import io.vaxline.booking.platform.CsvRows;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A clinic's confirmed appointments of one day, for its staff: as JSON, or as CSV to print or import. */
@Path("/clinics/{clinicId}/roster")
@RolesAllowed({Tokens.ADMIN, Tokens.CLINIC})
@Tag(name = "Clinic day", description = "The clinic's roster and its vaccination uploads")
public class RosterResource {

    /**
     * One appointment of the day. {@code attended}: its dose was reported given; {@code checkedIn}: staff checked
     * the person in; {@code missed}: marked a no-show (by staff, or by the clinic ledger after the session).
     */
    public record RosterLine(String time, String appointmentId, String confirmationCode, String personId, String name,
            int birthYear, String service, int doseNumber, boolean attended, boolean checkedIn, boolean missed) {
    }

    @Inject
    Caller caller;

    @Inject
    ClinicDirectory clinics;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(operationId = "getRoster", summary = "The day's booked appointments at the clinic, by time",
            description = "Ask with Accept: text/csv for the same as a spreadsheet.")
    @APIResponse(responseCode = "200", description = "The roster", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = RosterLine.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic")
    public Uni<List<RosterLine>> json(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @QueryParam("date") @NotNull LocalDate date) {
        caller.requireClinic(clinicId);
        return lines(clinics, clinicId, date);
    }

    /** The clinic's booked appointments of the day (clinic-local), by time. Needs a session. */
    public static Uni<List<RosterLine>> lines(ClinicDirectory clinics, String clinicId, LocalDate date) {
        ZoneId zone = ZoneId.of(clinics.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId))
                .timeZone());
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        return Appointment.<Appointment>list("clinicId = ?1 and status = ?2 and slotStart >= ?3 and slotStart < ?4 "
                        + "order by slotStart, appointmentId", clinicId, Appointment.BOOKED, from, to)
                .chain(appointments -> appointments.isEmpty() ? Uni.createFrom().item(List.<RosterLine>of())
                        : Person.<Person>list("personId in ?1", appointments.stream().map(a -> a.personId).distinct().toList())
                                .map(people -> lines(appointments, people.stream()
                                        .collect(Collectors.toMap(p -> p.personId, Function.identity())), zone)));
    }

    @GET
    @Produces("text/csv")
    @Operation(hidden = true) // the same operation as json(), declared there with both media types
    @WithSession
    public Uni<String> csv(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @QueryParam("date") @NotNull LocalDate date) {
        return json(clinicId, date).map(RosterResource::csv);
    }

    /** The roster as CSV: what staff download and what the clinic's daily e-mail carries. */
    public static String csv(List<RosterLine> lines) {
        return "time,appointment_id,confirmation_code,person_id,name,birth_year,service,dose,attended\n"
                + lines.stream().map(l -> String.join(",", l.time(), l.appointmentId(), l.confirmationCode(),
                        l.personId(), CsvRows.quoted(l.name()), String.valueOf(l.birthYear()), l.service(),
                        String.valueOf(l.doseNumber()), l.attended() ? "yes" : "no")).collect(Collectors.joining("\n", "", lines.isEmpty() ? "" : "\n"));
    }

    private static List<RosterLine> lines(List<Appointment> appointments, Map<String, Person> people, ZoneId zone) {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm");
        return appointments.stream().map(a -> {
            Person person = people.get(a.personId);
            return new RosterLine(ZonedDateTime.ofInstant(a.slotStart, zone).format(time), a.appointmentId,
                    a.confirmationCode, a.personId, person == null ? "" : person.name,
                    person == null ? 0 : person.birthYear, a.service, a.doseNumber, a.attendedAt != null,
                    a.checkedInAt != null, a.missedAt != null);
        }).toList();
    }
}
