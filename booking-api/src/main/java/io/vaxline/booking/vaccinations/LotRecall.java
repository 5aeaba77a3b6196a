package io.vaxline.booking.vaccinations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicDirectory;
import io.vaxline.booking.clinics.ClinicRequests;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.openapi.ContractModel;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * "Who got lot X": every dose of a lot given at a clinic, read from the doses booking-api has recorded from
 * the vaccinations topic ({@link Attendance}), for a recall. The clinic's staff and administrators only.
 */
@Path("/clinics/{clinicId}/lots/{lot}/doses")
@RolesAllowed({Tokens.ADMIN, Tokens.CLINIC})
@Tag(name = "Clinic day", description = "The clinic's roster and its vaccination uploads")
public class LotRecall {

    public record DoseOfLot(@Schema(required = true) String personId, @Schema(required = true) String name,
            @Schema(required = true) int birthYear, String appointmentId, @Schema(required = true) int doseNumber,
            @Schema(required = true) Instant administeredAt) {
    }

    @Inject
    Caller caller;

    @Inject
    ClinicDirectory clinics;

    @Inject
    Pool db;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getLotRecipients", summary = "Who got a lot at the clinic, for a recall",
            description = "Every dose of the lot the clinic reported given, oldest first, with the person's name and birth year.")
    @APIResponse(responseCode = "200", description = "The doses of the lot (empty when none was given)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DoseOfLot.class)))
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic")
    public Uni<List<DoseOfLot>> recipients(
            @PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @PathParam("lot") @Pattern(regexp = ClinicRequests.LOT, message = ClinicRequests.LOT_MESSAGE) String lot) {
        caller.requireClinic(clinicId);
        clinics.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId));
        return db.preparedQuery("SELECT d.person_id, p.name, p.birth_year, d.appointment_id, d.dose_number, d.administered_at "
                        + "FROM dose_given d LEFT JOIN person p ON p.person_id = d.person_id "
                        + "WHERE d.clinic_id = $1 AND d.lot = $2 ORDER BY d.administered_at, d.event_id")
                .execute(Tuple.of(clinicId, lot))
                .map(rows -> {
                    List<DoseOfLot> doses = new ArrayList<>();
                    for (Row row : rows) {
                        Integer birthYear = row.getInteger("birth_year");
                        String name = row.getString("name");
                        doses.add(new DoseOfLot(row.getString("person_id"), name == null ? "" : name,
                                birthYear == null ? 0 : birthYear, row.getString("appointment_id"),
                                row.getInteger("dose_number"), row.get(OffsetDateTime.class, "administered_at").toInstant()));
                    }
                    return doses;
                });
    }
}
