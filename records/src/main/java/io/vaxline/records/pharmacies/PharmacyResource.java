package io.vaxline.records.pharmacies;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vaxline.problems.InvalidInput;
import io.vaxline.records.security.Caller;

/** Pharmacies (registered by administrators) and the one each patient chose. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Pharmacies", description = "Pharmacies prescriptions are sent to")
public class PharmacyResource {

    public record NewPharmacy(String name) {
    }

    public record Choice(String pharmacyId) {
    }

    @Inject
    Pharmacies pharmacies;

    @Inject
    Caller caller;

    @POST
    @Path("pharmacies")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.ADMIN)
    @Operation(operationId = "registerPharmacy", summary = "Register a pharmacy; its key is in the answer, and only there")
    @APIResponse(responseCode = "201", description = "The pharmacy and its key (X-Pharmacy-Key), shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Pharmacies.Registered.class)))
    public Response register(NewPharmacy pharmacy) {
        if (pharmacy == null || pharmacy.name() == null || pharmacy.name().isBlank() || pharmacy.name().length() > 200) {
            throw new InvalidInput("name", "Required, at most 200 characters.");
        }
        return Response.status(201).entity(pharmacies.register(pharmacy.name().strip())).build();
    }

    @GET
    @Path("pharmacies")
    @PermitAll
    @Operation(operationId = "listPharmacies", summary = "The pharmacies a patient may choose")
    @APIResponse(responseCode = "200", description = "Every pharmacy, by name")
    public List<Pharmacies.Pharmacy> list() {
        return pharmacies.all();
    }

    @PUT
    @Path("people/{personId}/pharmacy")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "choosePharmacy", summary = "Choose the pharmacy the person's prescriptions go to")
    @APIResponse(responseCode = "204", description = "Chosen; prescriptions issued from now on go there")
    public void choose(@PathParam("personId") String personId, Choice choice) {
        caller.requirePerson(personId);
        if (choice == null || choice.pharmacyId() == null || choice.pharmacyId().isBlank()) {
            throw new InvalidInput("pharmacyId", "Required.");
        }
        pharmacies.choose(personId, choice.pharmacyId());
    }

    @GET
    @Path("people/{personId}/pharmacy")
    @RolesAllowed({ Caller.PERSON, Caller.ADMIN })
    @Operation(operationId = "getChosenPharmacy", summary = "The pharmacy the person chose")
    @APIResponse(responseCode = "200", description = "The chosen pharmacy's id (null: none chosen yet)")
    public Map<String, String> chosen(@PathParam("personId") String personId) {
        caller.requirePerson(personId);
        return java.util.Collections.singletonMap("pharmacyId", pharmacies.chosenBy(personId).orElse(null));
    }
}
