package io.vaxline.records.prescriptions;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vaxline.problems.InvalidInput;
import io.vaxline.records.security.Caller;
import io.vaxline.records.signing.PrescriptionSigner;

/** Doctors issue prescriptions; households see theirs; anyone may fetch the key that verifies them. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Prescriptions", description = "Electronic prescriptions, signed by the doctor's clinic's service")
public class PrescriptionResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 500;

    /** What the doctor prescribes; the pharmacy is the one the patient chose. */
    public record IssueRequest(String personId, String medication, String atcCode, String dosage, Integer quantity) {
    }

    /** The signed prescription: the MedicationRequest as signed, and the detached JWS over its canonical JSON. */
    public record IssuedPrescription(String prescriptionId, String pharmacyId,
            @Schema(type = SchemaType.OBJECT, description = "The FHIR R4 MedicationRequest as signed") JsonNode medicationRequest,
            String signature) {
    }

    @Inject
    Caller caller;

    @Inject
    Prescriptions prescriptions;

    @Inject
    PrescriptionSigner signer;

    @POST
    @Path("prescriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.CLINIC)
    @Operation(operationId = "issuePrescription", summary = "Issue a signed prescription to the patient's chosen pharmacy")
    @APIResponse(responseCode = "201", description = "Signed, stored and sent to the pharmacy (prescriptions topic)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedPrescription.class)))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response issue(IssueRequest request) throws Exception {
        Caller.Doctor doctor = caller.doctor();
        if (request == null) {
            throw new InvalidInput("body", "Send the prescription as JSON: personId, medication, dosage.");
        }
        required("personId", request.personId(), 200);
        required("medication", request.medication(), MAX_TEXT);
        required("dosage", request.dosage(), MAX_TEXT);
        if (request.atcCode() != null && !request.atcCode().matches("[A-Z][0-9]{2}[A-Z]{0,2}[0-9]{0,2}")) {
            throw new InvalidInput("atcCode", "Not an ATC code (e.g. J01CA04).");
        }
        if (request.quantity() != null && (request.quantity() < 1 || request.quantity() > 1000)) {
            throw new InvalidInput("quantity", "Between 1 and 1000.");
        }
        Prescriptions.Signed signed = prescriptions.issue(doctor, request.personId().strip(), request.medication().strip(),
                request.atcCode(), request.dosage().strip(), request.quantity());
        return Response.status(201).entity(new IssuedPrescription(signed.prescriptionId(), signed.pharmacyId(),
                JSON.readTree(signed.resource()), signed.signature())).build();
    }

    @GET
    @Path("people/{personId}/prescriptions")
    @RolesAllowed({ Caller.PERSON, Caller.ADMIN })
    @Operation(operationId = "listPersonPrescriptions", summary = "A person's prescriptions, newest first")
    @APIResponse(responseCode = "200", description = "The person's prescriptions and whether each was dispensed")
    public List<Prescriptions.View> ofPerson(@PathParam("personId") String personId) {
        caller.requirePerson(personId);
        return prescriptions.ofPerson(personId);
    }

    @GET
    @Path("patients/{personId}/prescriptions")
    @RolesAllowed(Caller.CLINIC)
    @Operation(operationId = "listDoctorPrescriptions", summary = "What the calling doctor prescribed for a patient")
    @APIResponse(responseCode = "200", description = "The doctor's own prescriptions for the patient, newest first")
    public List<Prescriptions.View> byDoctor(@PathParam("personId") String personId) {
        return prescriptions.byDoctorFor(caller.doctor(), personId);
    }

    @GET
    @Path("prescriptions/signing-keys")
    @PermitAll
    @Operation(operationId = "listPrescriptionSigningKeys", summary = "The public keys that verify prescriptions' signatures (JWK Set)")
    @APIResponse(responseCode = "200", description = "A JWK Set; a signature's header names its key (kid)")
    public Map<String, Object> signingKeys() {
        return Map.of("keys", List.of(signer.publicJwk()));
    }

    static void required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "Required.");
        }
        if (value.length() > max) {
            throw new InvalidInput(field, "At most " + max + " characters.");
        }
    }
}
