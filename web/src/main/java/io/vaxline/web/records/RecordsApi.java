package io.vaxline.web.records;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.smallrye.mutiny.Uni;

/**
 * records' public REST API as the pages use it: a household's documents, prescriptions and pharmacy with the
 * household's own token, and a doctor's search of a patient's documents and prescriptions with the clinic staff token. Every answer
 * comes back as a {@link Response}, so a refusal (422, 403) is shown on the page it came from.
 */
@RegisterRestClient(configKey = "records")
@Produces(MediaType.APPLICATION_JSON)
public interface RecordsApi {

    String AUTHORIZATION = "Authorization";

    /** The file as the browser sent it (name and declared type), as the multipart field {@code file}. */
    @POST
    @Path("/people/{personId}/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<Response> upload(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId,
            ClientMultipartForm file);

    @GET
    @Path("/people/{personId}/documents")
    Uni<Response> documents(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId);

    @GET
    @Path("/people/{personId}/documents/{documentId}/thumbnail")
    @Produces("image/png")
    Uni<Response> thumbnail(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId,
            @PathParam("documentId") String documentId);

    @GET
    @Path("/people/{personId}/prescriptions")
    Uni<Response> prescriptions(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId);

    @GET
    @Path("/pharmacies")
    Uni<Response> pharmacies();

    @GET
    @Path("/people/{personId}/pharmacy")
    Uni<Response> chosenPharmacy(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId);

    @PUT
    @Path("/people/{personId}/pharmacy")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> choosePharmacy(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId,
            Map<String, String> choice);

    @GET
    @Path("/patients/{personId}/documents/search")
    Uni<Response> search(@HeaderParam(AUTHORIZATION) String bearer, @PathParam("personId") String personId,
            @QueryParam("q") String query);

    /** A doctor's prescription (clinic staff token: the doctor is the staff name), signed and sent to the patient's pharmacy. */
    @POST
    @Path("/prescriptions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> prescribe(@HeaderParam(AUTHORIZATION) String bearer, Map<String, Object> prescription);
}
