package io.vaxline.booking.vaccinations;

import java.io.InputStream;
import java.time.ZoneId;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
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
