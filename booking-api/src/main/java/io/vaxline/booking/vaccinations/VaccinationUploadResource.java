package io.vaxline.booking.vaccinations;

import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vaxline.booking.clinics.ClinicDirectory;
import io.vaxline.booking.clinics.ClinicRequests;
import io.vaxline.booking.platform.security.Caller;
import io.vaxline.booking.platform.security.Tokens;
import io.vaxline.problems.openapi.ContractModel;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A clinic's daily report of doses given, as CSV (one row per dose; columns in
 * {@link VaccinationReports#REQUIRED}). The answer lists every rejected row with its field; the
 * clinic's uploads, with their counts while they run, are at GET .../vaccination-uploads.
 */
@Path("/clinics/{clinicId}")
@RolesAllowed({ Tokens.ADMIN, Tokens.CLINIC })
@Tag(name = "Clinic day")
public class VaccinationUploadResource {

    @Inject
    Caller caller;

    @Inject
    JsonWebToken token;

    @Inject
    ClinicDirectory clinics;

    @Inject
    VaccinationReports reports;

    @Inject
    DoseCorrections corrections;

    @Inject
    VaccinationSettings settings;

    @POST
    @Path("/vaccinations")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(operationId = "uploadVaccinations", summary = "Upload the day's doses given, as CSV; each becomes VaccinationAdministered")
    @APIResponse(responseCode = "200", description = "Read: rows published, already reported and rejected, naming each rejected row and field")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic")
    @APIResponse(responseCode = "503", ref = ContractModel.UNAVAILABLE, description = "PostgreSQL or Kafka stopped answering; the rows before were published")
    public Uni<VaccinationReports.Report> upload(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            InputStream body) {
        caller.requireClinic(clinicId);
        ZoneId zone = ZoneId.of(clinics.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId))
                .timeZone());
        return reports.upload(clinicId, zone, token.getSubject(), body);
    }

    @Schema(description = "A dose this clinic reported, as it should have been recorded, and why")
    public record DoseCorrectionRequest(
            @NotBlank @Size(max = 64) String personId,
            @Schema(description = "Dose number of the dose as it was reported (the dose to correct)") @NotNull @Min(1) @Max(9) Integer correctsDoseNumber,
            @Schema(description = "SNOMED CT code of the disease; COVID-19 (840539006) when left out") @Size(max = 32) String targetDisease,
            @NotBlank @Size(max = 64) String vaccineType,
            @NotBlank @Size(max = 64) String product,
            @NotBlank @Size(max = 64) String manufacturer,
            @NotBlank @Size(max = 64) String lot,
            @Schema(description = "Dose number as corrected") @NotNull @Min(1) @Max(9) Integer doseNumber,
            @NotNull @Min(1) @Max(9) Integer seriesDoses,
            @Schema(description = "When the dose was given, with its offset") @NotNull OffsetDateTime administeredAt,
            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as SE") String country,
            @NotBlank @Size(max = 128) String vaccinator,
            @Schema(description = "Why the record is corrected; printed in the old certificate's revocation") @NotBlank @Size(max = 300) String reason) {
    }

    @POST
    @Path("/vaccinations/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "correctVaccination", summary = "Correct a dose this clinic reported; it becomes VaccinationCorrected",
            description = "Carries the full corrected dose. It corrects the latest event of the dose (the dose reported, or the last "
                    + "correction of it); certificate-service revokes the dose's certificate and issues a new one. The same "
                    + "correction sent again publishes nothing (`status` `already`).")
    @APIResponse(responseCode = "200", description = "Published (`published`), or found published before (`already`)")
    @APIResponse(responseCode = "404", ref = ContractModel.NOT_FOUND, description = "No such clinic, or no such dose reported by it through Vaxline")
    @APIResponse(responseCode = "409", ref = ContractModel.CONFLICT, description = "Another correction of the dose was stored at the same moment (`corrected-meanwhile`)")
    @APIResponse(responseCode = "503", ref = ContractModel.UNAVAILABLE, description = "PostgreSQL or Kafka stopped answering; nothing was stored")
    public Uni<DoseCorrections.Outcome> correct(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId,
            @Valid @NotNull DoseCorrectionRequest body) {
        caller.requireClinic(clinicId);
        clinics.find(clinicId).orElseThrow(() -> new NotFoundException("No clinic " + clinicId));
        return corrections.correct(clinicId, new DoseCorrections.Correction(body.personId(), body.correctsDoseNumber(),
                body.targetDisease() == null || body.targetDisease().isBlank() ? VaccinationReports.DEFAULT_DISEASE : body.targetDisease(),
                body.vaccineType(), body.product(), body.manufacturer(), body.lot().strip(), body.doseNumber(), body.seriesDoses(),
                body.administeredAt().toInstant(), body.country() == null ? settings.defaultCountry() : body.country(),
                body.vaccinator().strip(), body.reason().strip()));
    }

    @GET
    @Path("/vaccination-uploads")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listVaccinationUploads", summary = "The clinic's recent uploads")
    @APIResponse(responseCode = "200", description = "The uploads, newest first")
    public Uni<List<VaccinationReports.Report>> uploads(@PathParam("clinicId") @Pattern(regexp = ClinicRequests.ID) String clinicId) {
        caller.requireClinic(clinicId);
        return reports.recent(clinicId);
    }
}
