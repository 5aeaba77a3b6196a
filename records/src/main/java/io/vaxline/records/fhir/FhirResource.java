package io.vaxline.records.fhir;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vaxline.records.prescriptions.Prescriptions;
import io.vaxline.records.security.Caller;

/**
 * The FHIR R4 face pharmacies read: their prescriptions as MedicationRequests and the record of dispensing as a
 * MedicationDispense. A pharmacy sees only the prescriptions sent to it; another's answer 404, as if absent.
 */
@Path("/fhir")
@Produces(Fhir.MEDIA_TYPE)
@RolesAllowed(Caller.PHARMACY)
@Tag(name = "FHIR", description = "Prescriptions for pharmacies, as FHIR R4 resources (application/fhir+json)")
public class FhirResource {

    /** The detached JWS over the body, which is the MedicationRequest's canonical JSON as signed. */
    public static final String SIGNATURE_HEADER = "X-Prescription-Signature";

    @Inject
    Caller caller;

    @Inject
    Prescriptions prescriptions;

    @GET
    @Path("MedicationRequest/{id}")
    @Operation(operationId = "readMedicationRequest", summary = "A prescription sent to the calling pharmacy")
    @APIResponse(responseCode = "200", description = "The MedicationRequest exactly as signed",
            content = @Content(mediaType = Fhir.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT, description = "A FHIR R4 MedicationRequest")),
            headers = @Header(name = SIGNATURE_HEADER, description = "Detached JWS (ES256) over the body; keys at GET /prescriptions/signing-keys"))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response read(@PathParam("id") String id) {
        Prescriptions.Signed signed = prescriptions.forPharmacy(id, caller.pharmacy());
        return Response.ok(signed.resource(), Fhir.MEDIA_TYPE).header(SIGNATURE_HEADER, signed.signature()).build();
    }

    @GET
    @Path("MedicationRequest")
    @Operation(operationId = "searchMedicationRequests", summary = "The calling pharmacy's prescriptions (searchset Bundle)")
    @APIResponse(responseCode = "200", description = "A searchset Bundle, newest first; status=active: those not dispensed yet",
            content = @Content(mediaType = Fhir.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT, description = "A FHIR R4 Bundle")))
    public Response search(@QueryParam("pharmacy") String pharmacy, @QueryParam("status") String status) {
        String own = caller.pharmacy();
        if (pharmacy != null && !pharmacy.equals(own) && !pharmacy.equals("Organization/" + own)) {
            throw new ForbiddenException("A pharmacy searches its own prescriptions only.");
        }
        if (status != null && !status.equals("active")) {
            throw new io.vaxline.problems.InvalidInput("status", "Only status=active (not dispensed yet) is searched.");
        }
        return Response.ok(Fhir.searchset(prescriptions.resourcesOfPharmacy(own, status != null)), Fhir.MEDIA_TYPE).build();
    }

    @POST
    @Path("MedicationRequest/{id}/dispense")
    @Operation(operationId = "dispenseMedicationRequest", summary = "Record that the prescription was dispensed (once)")
    @APIResponse(responseCode = "201", description = "The MedicationDispense; a PrescriptionDispensed event was sent",
            content = @Content(mediaType = Fhir.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT, description = "A FHIR R4 MedicationDispense")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response dispense(@PathParam("id") String id) {
        return Response.status(201).type(Fhir.MEDIA_TYPE).entity(prescriptions.dispense(id, caller.pharmacy())).build();
    }

    @GET
    @Path("MedicationDispense/{id}")
    @Operation(operationId = "readMedicationDispense", summary = "How a prescription of the calling pharmacy was dispensed")
    @APIResponse(responseCode = "200", description = "The MedicationDispense (its id: the prescription's, plus -dispense)",
            content = @Content(mediaType = Fhir.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT, description = "A FHIR R4 MedicationDispense")))
    @APIResponse(responseCode = "404", ref = "NotFound")
    public Response readDispense(@PathParam("id") String id) {
        String prescriptionId = id.endsWith("-dispense") ? id.substring(0, id.length() - "-dispense".length()) : id;
        return Response.ok(prescriptions.dispenseOf(prescriptionId, caller.pharmacy())
                .orElseThrow(() -> new NotFoundException("Not dispensed yet")), Fhir.MEDIA_TYPE).build();
    }
}
